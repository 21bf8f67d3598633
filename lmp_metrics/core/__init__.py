"""Infrastructure: the database wrapper, atomic store, settings, contract, migrations, marts, checks."""
