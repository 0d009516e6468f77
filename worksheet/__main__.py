"""``python -m worksheet`` is the same as the ``worksheet`` command."""

from worksheet.cli import main

main()
