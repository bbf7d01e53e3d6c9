#!/usr/bin/env bash
# Build the CPython that the Linux bundle ships, so that every binary in the bundle needs at most
# glibc 2.28 (Kylin V10, UOS V20 / Debian 10) whatever the build machine runs.
#
# Why this way: no registry we can reach ships a portable Python or a glibc-2.28 userland
# (Debian 10 is gone from the Debian mirrors; the npm/PyPI "portable Python" packages download
# their binaries from elsewhere at install time). Zig (the `ziglang` wheel on PyPI) is a C
# compiler that links against the glibc version we name, so we build CPython and the C libraries
# it embeds (zlib, libffi, SQLite; static, inside libpython's modules) from Debian's source
# packages with `zig cc -target x86_64-linux-gnu.2.28`.
# No OpenSSL: the app is offline; hashlib falls back to CPython's own SHA-2/SHA-3/BLAKE2.
#
# Usage: bash installer/build-python-glibc228.sh [PREFIX]     (default build/python-glibc228)
# Idempotent: a finished prefix (PREFIX/.done) is reused. Needs: apt-get (`apt-get source` needs no
# root; make and tcl, for SQLite's build, are installed when missing), python3 with venv (to fetch zig).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prefix=$(realpath -m "${1:-build/python-glibc228}")
work=$root/build/python-glibc228-work
ZIG_VERSION=0.17.1
TARGET=x86_64-linux-gnu.2.28
JOBS=${JOBS:-2}

if [ -f "$prefix/.done" ]; then
    echo "glibc-2.28 Python already built: $prefix/bin/python3.11"
    exit 0
fi
command -v apt-get >/dev/null || { echo "build-python-glibc228: needs apt-get (a Debian-like system)" >&2; exit 1; }
if ! command -v make >/dev/null || ! command -v tclsh >/dev/null; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends make tcl xz-utils >/dev/null
fi
mkdir -p "$work"
deps=$work/deps

# --- zig, from PyPI, in its own venv (wrappers: configure scripts want one word per tool) -------
if [ ! -x "$work/zig-venv/bin/python" ]; then
    python3 -m venv "$work/zig-venv"
    "$work/zig-venv/bin/pip" install -q --disable-pip-version-check "ziglang==$ZIG_VERSION"
fi
mkdir -p "$work/bin"
for t in cc c++ ar ranlib; do
    case $t in
        cc|c++) args="$t -target $TARGET" ;;
        *) args="$t" ;;
    esac
    printf '#!/bin/sh\nexec "%s" -m ziglang %s "$@"\n' "$work/zig-venv/bin/python" "$args" > "$work/bin/zig-$t"
    chmod +x "$work/bin/zig-$t"
done
export CC=$work/bin/zig-cc CXX=$work/bin/zig-c++ AR=$work/bin/zig-ar RANLIB=$work/bin/zig-ranlib
# zig cc turns on UBSan traps in unoptimised compiles (configure's probes), and makes __DATE__ (in
# CPython's build info) an error; CPython is not UB-clean and does print its build date.
export CFLAGS="-O2 -fPIC -fno-sanitize=undefined -Wno-date-time"

# --- sources: Debian 12's source packages (upstream tarballs, checked by apt against the archive) --
src=$work/src
if [ ! -f "$src/.fetched" ]; then
    mkdir -p "$src" "$work/apt/lists/partial"
    echo "deb-src http://deb.debian.org/debian bookworm main" > "$work/apt/sources.list"
    apt_opts=(-q -o Dir::Etc::SourceList="$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache")
    apt-get "${apt_opts[@]}" update >/dev/null
    (cd "$src" && for p in python3.11 sqlite3 zlib libffi; do
        apt-get "${apt_opts[@]}" source --download-only "$p" >/dev/null 2>&1
    done)
    touch "$src/.fetched"
fi
unpack() {  # unpack the upstream tarball matching $1 into $work/$2 (fresh)
    rm -rf "${work:?}/$2" && mkdir -p "$work/$2"
    tar -xf "$(ls "$src"/$1 | head -1)" -C "$work/$2" --strip-components=1
}

# --- zlib, libffi, SQLite: static, position-independent ----------------------------------------
if [ ! -f "$deps/lib/libz.a" ]; then
    unpack 'zlib_*.orig.tar.*' zlib
    (cd "$work/zlib" && ./configure --static --prefix="$deps" >/dev/null && make -s -j"$JOBS" && make -s install) >/dev/null
fi
if [ ! -f "$deps/lib/libffi.a" ]; then
    unpack 'libffi_*.orig.tar.*' libffi
    (cd "$work/libffi" && ./configure --prefix="$deps" --libdir="$deps/lib" --disable-shared --enable-static \
        --with-pic --disable-docs --disable-multi-os-directory \
        --disable-exec-static-tramp >/dev/null && make -s -j"$JOBS" && make -s install) >/dev/null
fi
if [ ! -f "$deps/lib/libsqlite3.a" ]; then
    unpack 'sqlite3_*.orig.tar.xz' sqlite
    # The compile-time options of Debian's own libsqlite3, which the development set-up tests against.
    (cd "$work/sqlite" && CFLAGS="$CFLAGS -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
        -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE \
        -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_SECURE_DELETE \
        -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_JSON1 -DSQLITE_MAX_VARIABLE_NUMBER=250000" \
        ./configure --prefix="$deps" --disable-shared --enable-static --with-pic --disable-tcl \
        --disable-readline >/dev/null && make -s -j"$JOBS" libsqlite3.la sqlite3.h \
        && mkdir -p "$deps/include" "$deps/lib/pkgconfig" && cp .libs/libsqlite3.a "$deps/lib/" \
        && cp sqlite3.h src/sqlite3ext.h "$deps/include/" && cp sqlite3.pc "$deps/lib/pkgconfig/") >/dev/null
fi

# --- CPython (shared libpython: PyInstaller needs it) -----------------------------------------
unpack 'python3.11_*.orig.tar.*' cpython
(
    cd "$work/cpython"
    # zig's linker knows -soname but not its short form -h, and links nothing from a .so alone:
    # libpython3.so (the stable-ABI alias) gets one empty C file beside its libpython3.11.so.
    echo 'int _Py_zig_link_unit;' > Modules/_zig_link_unit.c
    sed -i 's/-Wl,-h\$(INSTSONAME)/-Wl,-soname,$(INSTSONAME)/; s/-Wl,-h\$@ \$^/-Wl,-soname,$@ $^ Modules\/_zig_link_unit.c/' \
        Makefile.pre.in
    # setup.py adds the build machine's /usr/include, /usr/local and multiarch folders, whose glibc
    # 2.36 headers clash with zig's 2.28 ones: extension modules see only zig's and ours.
    sed -i -e "s#^\( *\)add_dir_to_list(self\.compiler\.\(library\|include\)_dirs, '/usr/local/\(lib\|include\)')#\1pass#" \
        -e 's|^        self.add_multiarch_paths()$|        pass|' \
        -e "s|system_lib_dirs = \['/lib64', '/usr/lib64', '/lib', '/usr/lib'\]|system_lib_dirs = []|" \
        -e "s|system_include_dirs = \['/usr/include'\]|system_include_dirs = []|" setup.py
    export PKG_CONFIG_PATH=$deps/lib/pkgconfig
    export CPPFLAGS="-I$deps/include"
    # $ORIGIN: the interpreter finds its libpython wherever the prefix is moved to.
    # (\$$: make turns it into \$, the recipe's shell into a literal $ORIGIN.)
    export LDFLAGS="-L$deps/lib "'-Wl,-rpath,\$$ORIGIN/../lib'
    export LIBFFI_INCLUDEDIR=$deps/include
    ./configure --prefix="$prefix" --enable-shared --with-ensurepip=install --without-readline \
        --with-system-ffi >"$work/cpython-configure.log"
    make -j"$JOBS" >"$work/cpython-make.log" 2>&1
    make install >"$work/cpython-install.log" 2>&1
)
"$prefix/bin/python3.11" - <<'PY'
import sqlite3, zlib, ctypes, hashlib, pyexpat, _decimal, sys
con = sqlite3.connect(":memory:")
con.execute("create virtual table t using fts5(x)")
print("built", sys.version.split()[0], "sqlite", sqlite3.sqlite_version, "zlib", zlib.ZLIB_VERSION)
PY
touch "$prefix/.done"
