"""Files in and out: notices, ledger workbooks, bulletins, exchange packages."""
