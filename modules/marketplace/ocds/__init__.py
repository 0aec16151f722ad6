"""The marketplace's projects as Open Contracting Data Standard 1.1 release packages."""
