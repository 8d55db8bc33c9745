# SPDX-License-Identifier: Apache-2.0
# One warning policy for GCC 12 and Clang 14. Third-party headers come in as
# SYSTEM includes, so only relic's own code is held to it.
add_library(relic_warnings INTERFACE)
target_compile_options(relic_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  # GCC 12 warns about members left out of C++20 designated initializers,
  # which is the point of designating them; Clang does not.
  -Wno-missing-field-initializers
  -Wunused -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough
  # GCC 12's optimiser-driven checks report false array-bounds and
  # stringop-overflow errors inside libstdc++'s std::vector growth (GCC bugs
  # 106199, 107852), and -Wnull-dereference fires inside <streambuf> at -O2;
  # none fire at -O0 or in Clang, and ASan/UBSan test for the real thing.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread>
  # Clang checks the locking that base/thread_annotations.h describes (GCC
  # has no such analysis; the annotations expand to nothing there).
  $<$<CXX_COMPILER_ID:Clang>:-Wthread-safety>
  $<$<BOOL:${RELIC_WERROR}>:-Werror>)
