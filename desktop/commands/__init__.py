"""Sub-commands of ``sangkien``. Each module has ``register(sub, common)``, which adds its
parsers and sets ``func`` (``args -> exit code``) on each; cli.py lists the modules."""
