from duchaban.cli import main

raise SystemExit(main())
