"""``python -m lightsail_restore``: the lightsail-restore command."""

from .cli import main

raise SystemExit(main())
