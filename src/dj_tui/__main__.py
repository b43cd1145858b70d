from dj_tui.cli import main

raise SystemExit(main())
