# Installation rules (binary, shared library, headers, pkg-config, CMake package).
