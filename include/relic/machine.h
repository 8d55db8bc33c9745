// SPDX-License-Identifier: Apache-2.0
// A machine: its identity (individualization) and its license store, kept in
// a relic home directory. Two homes are two machines.
#pragma once

#include <memory>
#include <string>

#include "relic/export.h"
#include "relic/home.h"
#include "relic/ids.h"
#include "relic/status.h"

namespace relic {

class Store;

class RELIC_EXPORT Machine {
 public:
  // Individualizes: creates the key pairs, the storage key and an empty
  // store in `home` (created 0700 if missing). Fails with
  // kAlreadyInitialized, changing nothing, if the home has an identity.
  static Result<std::unique_ptr<Machine>> Initialize(const std::string& home,
                                                     const HomeOptions& options = {});

  // For a home that belongs to another installation (an OS reinstalled with
  // the home kept): moves the old identity and store to
  // home/archive/<time>/, creates a new identity, and carries the old
  // store's secure state (plays used, tombstones), anti-rollback clock and
  // trusted issuers into the new store. The old licenses stay in the archive;
  // a restore brings them back.
  static Result<std::unique_ptr<Machine>> Reindividualize(const std::string& home,
                                                          const HomeOptions& options = {});

  // Opens an initialised home. kNotInitialized for a home without identity,
  // kForeignInstallation for one created on another installation.
  static Result<std::unique_ptr<Machine>> Open(const std::string& home,
                                               const HomeOptions& options = {});

  virtual ~Machine() = default;

  virtual const MachinePublicKey& public_key() const = 0;
  std::string machine_id() const { return public_key().MachineId(); }
  virtual const std::string& home() const = 0;
  virtual Env* env() const = 0;
  virtual Store& store() = 0;
};

}  // namespace relic
