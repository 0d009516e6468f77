"""``worksheet serve``: compose, preview and batch-build handouts in a local web page.

A Starlette app over the same library code as the CLI (``worksheet.api``); needs the
``worksheet[serve]`` extra (starlette, uvicorn, pypdfium2, watchfiles, openpyxl).
"""
