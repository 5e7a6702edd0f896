from paramatlas.cli import main

raise SystemExit(main())
