"""Files in and out: notices, ledger workbooks, bulletins, field packages."""
