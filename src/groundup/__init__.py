"""groundup: learn AI from the ground up.

The package holds the reference library (``groundup.math`` and, as the curriculum grows,
``ml``, ``engine``, ``models``...), the tools checks are made of (``groundup.testing``),
the curriculum runtime (``groundup.course``), the command line (``groundup.cli``) and the
curriculum itself as package data (``groundup/curriculum``).
"""

__version__ = "0.1.0"
