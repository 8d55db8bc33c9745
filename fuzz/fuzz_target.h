// SPDX-License-Identifier: Apache-2.0
// The libFuzzer entry point every target in fuzz/ defines. Built with
// -fsanitize=fuzzer (scripts/fuzz) it is driven by libFuzzer; in the normal
// build replay_main.cc drives it over the corpus kept in the repository, so
// each ctest run replays every input that ever found something.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
