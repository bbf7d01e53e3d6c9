"""Connecting to the office hub (psycopg 3), with the reasons a connection fails said in Chinese."""

from __future__ import annotations

import logging
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from duchaban.core.errors import DuchabanError


def _driver():
    try:
        import psycopg
    except ImportError:
        raise DuchabanError("与办公室同步需要 psycopg 组件:pip install \"psycopg[binary]\"") from None
    # When the hub refuses a push, psycopg logs in English that it ignored a second error while
    # ending the pipeline ("error ignored terminating …"); the refusal itself reaches the user in
    # Chinese, and an unconfigured logger would print that line on the terminal beside it.
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    return psycopg


def _host_port(parts, *, no_host: str = "") -> str:
    return f"{parts.hostname or no_host}{f':{parts.port}' if parts.port else ''}"


def describe(url: str) -> str:
    """The hub's address without its password, for messages."""
    parts = urlsplit(url)
    return f"{parts.username + '@' if parts.username else ''}{_host_port(parts, no_host='本机')}{parts.path}"


def connect_hub(url: str, *, timeout: int = 10):
    """An open connection to the hub, autocommit (transactions are explicit)."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise DuchabanError(f"办公室数据库地址应以 postgresql:// 开头,而不是“{url}”")
    psycopg = _driver()
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=timeout)
    except psycopg.OperationalError as error:
        text = str(error)
        if "password authentication failed" in text:
            reason = "用户名或密码不正确"
        elif "does not exist" in text:
            reason = "数据库或用户不存在"
        elif "Connection refused" in text or "timeout" in text.lower() or "could not translate" in text:
            reason = "连接不上(不在办公室网络中,或数据库服务器未开启)"
        else:
            reason = text.strip().splitlines()[0]
        raise DuchabanError(f"无法连接办公室数据库 {describe(url)}:{reason}") from None


def with_password(url: str, password: str | None) -> str:
    """``url`` carrying ``password`` (quoted), unless it has one already or none is given."""
    parts = urlsplit(url)
    if not password or parts.password or not parts.username:
        return url
    return urlunsplit(parts._replace(netloc=f"{quote(parts.username)}:{quote(password)}@{_host_port(parts)}"))


def split_password(url: str) -> tuple[str, str | None]:
    """(the address without its password, the password written in it)."""
    parts = urlsplit(url)
    if not parts.password:
        return url, None
    return urlunsplit(parts._replace(netloc=f"{parts.username}@{_host_port(parts)}")), unquote(parts.password)
