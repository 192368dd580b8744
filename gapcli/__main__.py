from gapcli.cli import main

main()
