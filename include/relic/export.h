// SPDX-License-Identifier: Apache-2.0
/* RELIC_EXPORT marks what leaves librelic.so. The library is compiled with
 * -fvisibility=hidden -fvisibility-inlines-hidden, so only the public API
 * declared in include/relic/ (and the SDK-compatible C API of include/wmsdk/)
 * is visible to its callers; everything else stays inside it. The exported
 * symbols are listed in abi/librelic.symbols and checked in CI
 * (scripts/check-abi). Plain C preprocessor, so the C headers of
 * include/wmsdk/ can use it too. */
#ifndef RELIC_EXPORT_H
#define RELIC_EXPORT_H

/* include/wmsdk/relic_com.h defines it the same way. */
#ifndef RELIC_EXPORT
#if defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__))
/* The standard attribute syntax, so that it can follow [[nodiscard]]. */
#define RELIC_EXPORT [[gnu::visibility("default")]]
#elif defined(__GNUC__) || defined(__clang__)
#define RELIC_EXPORT __attribute__((visibility("default")))
#else
#define RELIC_EXPORT
#endif
#endif

#endif /* RELIC_EXPORT_H */
