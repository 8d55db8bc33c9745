// SPDX-License-Identifier: Apache-2.0
// The backup restorer object (WMCreateBackupRestorer) as an application
// written against the Windows Media Format SDK sees it: the exact HRESULTs
// and OnStatus sequences relic documents in docs/sdk.md. Security cases name
// their adversary (docs/threat-model.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "nserror.h"
#include "restore/tampering_client.h"
#include "sdk/allocation.h"
#include "sdk/hresult.h"
#include "sdk_fixture.h"

namespace relic::testing {
namespace {

constexpr DWORD kNoFlags = 0;

StatusEvent Plain(WMT_STATUS status, HRESULT hr = S_OK, DWORD value = 0) {
  return StatusEvent{status, hr, WMT_TYPE_DWORD, {}, value};
}
StatusEvent Text(WMT_STATUS status, HRESULT hr, const std::string& text) {
  return StatusEvent{status, hr, WMT_TYPE_STRING, text, 0};
}

class BackupRestorerTest : public SdkFixture {
 protected:
  // Backs machine A up through the SDK; returns what OnStatus saw.
  std::vector<StatusEvent> BackUp(DWORD flags = WM_BACKUP_OVERWRITE) {
    IWMBackupRestoreProps* props = nullptr;
    IWMLicenseBackup* backup = NewRestorer("a", &props);
    EXPECT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
    RecordingCallback callback;
    EXPECT_EQ(backup->BackupLicenses(flags, &callback), S_OK);
    EXPECT_TRUE(callback.WaitForEnd());  // and the callback's reference came back
    EXPECT_EQ(callback.unheld(), 0);     // it was held at every OnStatus
    EXPECT_EQ(callback.after_end(), 0);
    EXPECT_EQ(callback.with_context(), 0);
    props->Release();
    EXPECT_EQ(backup->Release(), 0u);
    return callback.Events();
  }

  // A backup of machine `name` into `folder` that must be refused before it
  // starts, so that OnStatus hears nothing; returns the refusal.
  HRESULT RefusedBackup(const std::string& name, const std::string& folder) {
    IWMBackupRestoreProps* props = nullptr;
    IWMLicenseBackup* backup = NewRestorer(name, &props);
    EXPECT_EQ(SetStringProp(props, u"BackupPath", folder), S_OK);
    RecordingCallback callback;
    HRESULT hr = backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback);
    EXPECT_TRUE(callback.Events().empty());
    props->Release();
    backup->Release();
    return hr;
  }

  // A restorer onto machine `name` with RestorePath set.
  IWMLicenseRestore* NewRestore(const std::string& name) {
    IWMBackupRestoreProps* props = nullptr;
    IWMLicenseBackup* backup = NewRestorer(name, &props);
    EXPECT_EQ(SetStringProp(props, u"RestorePath", Folder()), S_OK);
    IWMLicenseRestore* restore = nullptr;
    EXPECT_EQ(backup->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)),
              S_OK);
    props->Release();
    backup->Release();
    return restore;
  }

  std::vector<StatusEvent> Restore(const std::string& name, DWORD flags = WM_RESTORE_INDIVIDUALIZE,
                                   HRESULT expected_call = S_OK) {
    IWMLicenseRestore* restore = NewRestore(name);
    RecordingCallback callback;
    EXPECT_EQ(restore->RestoreLicenses(flags, &callback), expected_call);
    if (expected_call == S_OK) {
      EXPECT_TRUE(callback.WaitForEnd());
    }
    EXPECT_EQ(restore->Release(), 0u);
    EXPECT_EQ(callback.after_end(), 0);
    EXPECT_EQ(callback.unheld(), 0);
    EXPECT_EQ(callback.with_context(), 0);
    EXPECT_EQ(callback.refs(), 1u);
    return callback.Events();
  }
};

TEST_F(BackupRestorerTest, OneObjectWithThreeInterfacesAndOneIdentity) {
  IWMLicenseBackup* backup = nullptr;
  ASSERT_EQ(WMCreateBackupRestorer(nullptr, &backup), S_OK);
  ASSERT_NE(backup, nullptr);
  IWMLicenseRestore* restore = nullptr;
  IWMBackupRestoreProps* props = nullptr;
  ASSERT_EQ(backup->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)),
            S_OK);
  ASSERT_EQ(restore->QueryInterface(IID_IWMBackupRestoreProps, reinterpret_cast<void**>(&props)),
            S_OK);
  IWMLicenseBackup* again = nullptr;
  ASSERT_EQ(props->QueryInterface(IID_IWMLicenseBackup, reinterpret_cast<void**>(&again)), S_OK);
  EXPECT_EQ(again, backup);
  IWMLicenseRestore* restore2 = nullptr;
  ASSERT_EQ(props->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore2)),
            S_OK);
  EXPECT_EQ(restore2, restore);
  IUnknown* ids[3] = {};
  ASSERT_EQ(backup->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&ids[0])), S_OK);
  ASSERT_EQ(restore->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&ids[1])), S_OK);
  ASSERT_EQ(props->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&ids[2])), S_OK);
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_EQ(ids[1], ids[2]);
  void* none = reinterpret_cast<void*>(1);
  EXPECT_EQ(backup->QueryInterface(IID_IWMStatusCallback, &none), E_NOINTERFACE);
  EXPECT_EQ(none, nullptr);
  EXPECT_EQ(backup->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
  // One count for the object: 1 + restore + props + again + restore2 + 3 ids.
  EXPECT_EQ(backup->AddRef(), 9u);
  EXPECT_EQ(backup->Release(), 8u);
  for (IUnknown* id : ids) id->Release();
  restore2->Release();
  again->Release();
  props->Release();
  EXPECT_EQ(restore->Release(), 1u);
  EXPECT_EQ(backup->Release(), 0u);
}

TEST_F(BackupRestorerTest, CreationChecksItsOutPointerAndReportsOutOfMemory) {
  EXPECT_EQ(WMCreateBackupRestorer(nullptr, nullptr), E_POINTER);
  IWMLicenseBackup* backup = reinterpret_cast<IWMLicenseBackup*>(1);
  sdk::FailAllocationsForTesting(1);
  EXPECT_EQ(WMCreateBackupRestorer(nullptr, &backup), E_OUTOFMEMORY);
  EXPECT_EQ(backup, nullptr);
  RecordingCallback creation_callback;
  ASSERT_EQ(WMCreateBackupRestorer(&creation_callback, &backup), S_OK);
  EXPECT_EQ(creation_callback.refs(), 1u);  // not used, not held
  backup->Release();
}

TEST_F(BackupRestorerTest, PropertiesTakeStringsOnlyAndTheGettersAreNotImplemented) {
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  WORD count = 7;
  EXPECT_EQ(props->GetPropCount(&count), E_NOTIMPL);
  WORD name_len = 0, value_len = 0;
  WMT_ATTR_DATATYPE type;
  EXPECT_EQ(props->GetPropByIndex(0, nullptr, &name_len, &type, nullptr, &value_len), E_NOTIMPL);
  EXPECT_EQ(props->GetPropByName(u"BackupPath", &type, nullptr, &value_len), E_NOTIMPL);

  std::u16string path = Wide(Folder());
  const BYTE* bytes = reinterpret_cast<const BYTE*>(path.c_str());
  WORD with_nul = static_cast<WORD>((path.size() + 1) * 2);
  DWORD number = 1;
  for (WMT_ATTR_DATATYPE other : {WMT_TYPE_DWORD, WMT_TYPE_BINARY, WMT_TYPE_BOOL, WMT_TYPE_QWORD,
                                  WMT_TYPE_WORD, WMT_TYPE_GUID}) {
    EXPECT_EQ(props->SetProp(u"BackupPath", other, reinterpret_cast<const BYTE*>(&number), 4),
              E_INVALIDARG)
        << other;
  }
  EXPECT_EQ(props->SetProp(u"BackupPath", WMT_TYPE_STRING, bytes, with_nul - 2), E_INVALIDARG)
      << "no NUL within cbLength";
  EXPECT_EQ(props->SetProp(u"BackupPath", WMT_TYPE_STRING, bytes, with_nul - 1), E_INVALIDARG)
      << "odd byte count";
  EXPECT_EQ(props->SetProp(u"BackupPath", WMT_TYPE_STRING, nullptr, with_nul), E_INVALIDARG);
  EXPECT_EQ(props->SetProp(nullptr, WMT_TYPE_STRING, bytes, with_nul), E_INVALIDARG);
  EXPECT_EQ(props->SetProp(u"BackupFolder", WMT_TYPE_STRING, bytes, with_nul), E_INVALIDARG);
  const WCHAR empty[] = {0};
  EXPECT_EQ(props->SetProp(u"BackupPath", WMT_TYPE_STRING, reinterpret_cast<const BYTE*>(empty), 2),
            E_INVALIDARG);
  const WCHAR lone_surrogate[] = {u'/', 0xD800, 0};
  EXPECT_EQ(props->SetProp(u"BackupPath", WMT_TYPE_STRING,
                           reinterpret_cast<const BYTE*>(lone_surrogate), 6),
            E_INVALIDARG);
  // Unaligned bytes are fine; names compare without regard to ASCII case.
  std::vector<BYTE> unaligned(with_nul + 1);
  std::memcpy(unaligned.data() + 1, bytes, with_nul);
  EXPECT_EQ(props->SetProp(u"backuppath", WMT_TYPE_STRING, unaligned.data() + 1, with_nul), S_OK);

  RecordingCallback callback;
  EXPECT_EQ(props->RemoveProp(u"BackupPath"), S_OK);
  EXPECT_EQ(props->RemoveProp(u"BackupPath"), S_OK);  // not set: nothing to do
  EXPECT_EQ(props->RemoveProp(u"NoSuchProperty"), E_INVALIDARG);
  EXPECT_EQ(props->RemoveProp(nullptr), E_INVALIDARG);
  EXPECT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), NS_E_DRM_INVALID_PROPERTY);
  EXPECT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  EXPECT_EQ(props->RemoveAllProps(), S_OK);
  EXPECT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), NS_E_DRM_INVALID_PROPERTY);
  EXPECT_TRUE(callback.Events().empty());
  EXPECT_EQ(callback.refs(), 1u);
  EXPECT_FALSE(std::filesystem::exists(BackupSetPath(Folder())));
  props->Release();
  backup->Release();
}

TEST_F(BackupRestorerTest, BackupReportsBeginEachRestrictedKidAndEnd) {
  std::vector<StatusEvent> events = BackUp();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], Plain(WMT_BACKUPRESTORE_BEGIN));
  EXPECT_EQ(events[1], Text(WMT_RESTRICTED_LICENSE, S_OK, Kid()));
  EXPECT_EQ(events[2], Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
  auto info = VerifyBackupSet(Folder());
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->license_count, 2u);
}

TEST_F(BackupRestorerTest, AnExpiredLicenseIsReportedAsRestricted) {
  auto expired = AddLicenses(1, Rights{.allow_backup = true, .expires = kStartTime + 10});
  world_.clock().Advance(100);
  std::vector<StatusEvent> events = BackUp();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0], Plain(WMT_BACKUPRESTORE_BEGIN));
  EXPECT_EQ(events[1], Text(WMT_RESTRICTED_LICENSE, S_OK, Kid()));
  EXPECT_EQ(events[2], Text(WMT_RESTRICTED_LICENSE, S_OK, Kid()));
  EXPECT_EQ(events[3], Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
}

TEST_F(BackupRestorerTest, AnExistingSetNeedsOverwrite) {
  BackUp();
  Bytes before = ReadFileBytes(BackupSetPath(Folder()));
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  RecordingCallback callback;
  EXPECT_EQ(backup->BackupLicenses(kNoFlags, &callback), NS_E_DRM_BACKUP_EXISTS);
  EXPECT_TRUE(callback.Events().empty());
  EXPECT_EQ(callback.refs(), 1u);
  EXPECT_EQ(ReadFileBytes(BackupSetPath(Folder())), before);
  EXPECT_EQ(backup->BackupLicenses(0x4, &callback), E_INVALIDARG) << "unknown flag";
  EXPECT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, nullptr), E_INVALIDARG);
  EXPECT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), S_OK);
  ASSERT_TRUE(callback.WaitForEnd());
  EXPECT_EQ(callback.Events().back(), Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
  EXPECT_NE(ReadFileBytes(BackupSetPath(Folder())), before);
  props->Release();
  backup->Release();
}

TEST_F(BackupRestorerTest, CancelFromInsideOnStatusEndsWithCanceledAndNothingWritten) {
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  RecordingCallback callback;
  callback.on_status = [&](const StatusEvent& e) {
    if (e.status == WMT_BACKUPRESTORE_BEGIN) {
      EXPECT_EQ(backup->CancelLicenseBackup(), S_OK);
    }
  };
  ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), S_OK);
  ASSERT_TRUE(callback.WaitForEnd());
  std::vector<StatusEvent> events = callback.Events();
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.front(), Plain(WMT_BACKUPRESTORE_BEGIN));
  EXPECT_EQ(events.back(), Plain(WMT_BACKUPRESTORE_END, NS_E_DRM_OPERATION_CANCELED));
  EXPECT_FALSE(std::filesystem::exists(BackupSetPath(Folder())));
  EXPECT_EQ(callback.after_end(), 0);
  // Nothing runs now: cancelling either is a no-op.
  EXPECT_EQ(backup->CancelLicenseBackup(), S_OK);
  IWMLicenseRestore* restore = nullptr;
  ASSERT_EQ(backup->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)),
            S_OK);
  EXPECT_EQ(restore->CancelLicenseRestore(), S_OK);
  restore->Release();
  props->Release();
  EXPECT_EQ(backup->Release(), 0u);
}

TEST_F(BackupRestorerTest, ASecondOperationWhileOneRunsIsBusy) {
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  ASSERT_EQ(SetStringProp(props, u"RestorePath", Folder()), S_OK);
  IWMLicenseRestore* restore = nullptr;
  ASSERT_EQ(backup->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)),
            S_OK);
  Gate gate;
  RecordingCallback callback, other;
  callback.on_status = [&](const StatusEvent& e) {
    if (e.status == WMT_BACKUPRESTORE_BEGIN) gate.Hold();
  };
  ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), S_OK);
  gate.WaitReached();
  EXPECT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &other), NS_E_DRM_BACKUPRESTORE_BUSY);
  EXPECT_EQ(restore->RestoreLicenses(WM_RESTORE_INDIVIDUALIZE, &other),
            NS_E_DRM_BACKUPRESTORE_BUSY);
  // Another object on the same home: the home is busy.
  IWMBackupRestoreProps* props2 = nullptr;
  IWMLicenseBackup* second = NewRestorer("a", &props2);
  ASSERT_EQ(SetStringProp(props2, u"BackupPath", world_.Path("elsewhere")), S_OK);
  std::filesystem::create_directory(world_.Path("elsewhere"));
  EXPECT_EQ(second->BackupLicenses(WM_BACKUP_OVERWRITE, &other), NS_E_DRM_BACKUPRESTORE_BUSY);
  gate.Open();
  ASSERT_TRUE(callback.WaitForEnd());
  EXPECT_EQ(callback.Events().back(), Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
  EXPECT_TRUE(other.Events().empty());
  EXPECT_EQ(other.refs(), 1u);
  props2->Release();
  second->Release();
  restore->Release();
  props->Release();
  backup->Release();
}

TEST_F(BackupRestorerTest, ReleasingTheLastReferenceWhileAnOperationRunsIsSafe) {
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  Gate gate;
  RecordingCallback callback;
  callback.on_status = [&](const StatusEvent& e) {
    if (e.status == WMT_BACKUPRESTORE_BEGIN) gate.Hold();
  };
  ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), S_OK);
  gate.WaitReached();
  props->Release();
  EXPECT_EQ(backup->Release(), 1u);  // the running operation's own reference
  gate.Open();
  ASSERT_TRUE(callback.WaitForEnd());
  EXPECT_EQ(callback.Events().back(), Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
  EXPECT_EQ(callback.after_end(), 0);
}

TEST_F(BackupRestorerTest, ReleaseAndCancelFromInsideOnStatusDoNotDeadlock) {
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  props->Release();
  RecordingCallback callback;
  std::atomic<IWMLicenseBackup*> held{backup};
  callback.on_status = [&](const StatusEvent& e) {
    IWMLicenseBackup* mine = held.exchange(nullptr);
    if (mine != nullptr) {
      EXPECT_EQ(e.status, WMT_BACKUPRESTORE_BEGIN);
      EXPECT_EQ(mine->CancelLicenseBackup(), S_OK);
      EXPECT_EQ(mine->Release(), 1u);
    }
  };
  ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), S_OK);
  ASSERT_TRUE(callback.WaitForEnd());
  EXPECT_EQ(callback.Events().back(), Plain(WMT_BACKUPRESTORE_END, NS_E_DRM_OPERATION_CANCELED));
}

TEST_F(BackupRestorerTest, TheNextOperationCanStartFromInsideEnd) {
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  RecordingCallback first, second;
  std::atomic<HRESULT> again{E_FAIL};
  first.on_status = [&](const StatusEvent& e) {
    if (e.status == WMT_BACKUPRESTORE_END)
      again = backup->BackupLicenses(WM_BACKUP_OVERWRITE, &second);
  };
  ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &first), S_OK);
  ASSERT_TRUE(first.WaitForEnd());
  EXPECT_EQ(again.load(), S_OK);
  ASSERT_TRUE(second.WaitForEnd());
  EXPECT_EQ(second.Events().back(), Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
  props->Release();
  EXPECT_EQ(backup->Release(), 0u);
}

TEST_F(BackupRestorerTest, RestoreReportsConnectingDisconnectingBeginEnd) {
  BackUp();
  std::vector<StatusEvent> events = Restore("b");
  std::vector<StatusEvent> expected = {
      Plain(WMT_BACKUPRESTORE_CONNECTING), Plain(WMT_BACKUPRESTORE_DISCONNECTING),
      Plain(WMT_BACKUPRESTORE_BEGIN), Plain(WMT_BACKUPRESTORE_END, S_OK, 2)};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(StoredCount("b"), 2u);
}

TEST_F(BackupRestorerTest, RestoreOntoAHomeWithoutIdentityNeedsTheFlag) {
  BackUp();
  std::vector<StatusEvent> events = Restore("b", kNoFlags, NS_E_DRM_NEEDS_INDIVIDUALIZATION);
  EXPECT_TRUE(events.empty());
  EXPECT_FALSE(std::filesystem::exists(world_.Home("b")));
  IWMLicenseRestore* restore = NewRestore("b");
  RecordingCallback callback;
  EXPECT_EQ(restore->RestoreLicenses(0x1, &callback), E_INVALIDARG) << "WM_BACKUP_OVERWRITE";
  EXPECT_EQ(restore->RestoreLicenses(WM_RESTORE_INDIVIDUALIZE, nullptr), E_INVALIDARG);
  restore->Release();
}

TEST_F(BackupRestorerTest, RestoreWithoutRestorePathIsAnInvalidProperty) {
  IWMLicenseBackup* backup = NewRestorer("b");
  IWMLicenseRestore* restore = nullptr;
  ASSERT_EQ(backup->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)),
            S_OK);
  RecordingCallback callback;
  EXPECT_EQ(restore->RestoreLicenses(WM_RESTORE_INDIVIDUALIZE, &callback),
            NS_E_DRM_INVALID_PROPERTY);
  EXPECT_TRUE(callback.Events().empty());
  restore->Release();
  backup->Release();
}

TEST_F(BackupRestorerTest, ARefusalGivesOneErrorWithUrlAndFraud) {
  BackUp();
  for (const char* name : {"b", "c", "d"}) {
    ASSERT_EQ(Restore(name).back(), Plain(WMT_BACKUPRESTORE_END, S_OK, 2)) << name;
  }
  std::vector<StatusEvent> events = Restore("e");
  for (auto& e : events) e.text = WithRefusalReferenceMasked(e.text);
  std::vector<StatusEvent> expected = {
      Plain(WMT_BACKUPRESTORE_CONNECTING),
      Text(WMT_ERROR_WITHURL, NS_E_DRM_RESTORE_FRAUD,
           "https://lms.example.test/limits/machine-limit?ref=REF"),
      Plain(WMT_BACKUPRESTORE_DISCONNECTING), Plain(WMT_BACKUPRESTORE_BEGIN),
      Plain(WMT_BACKUPRESTORE_END, NS_E_DRM_RESTORE_FRAUD, 0)};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(StoredCount("e"), 0u);
}

TEST_F(BackupRestorerTest, APartialRestoreEndsWithFraudAndKeepsWhatWasGranted) {
  BackUp();
  for (const char* name : {"b", "c", "d"}) Restore(name);
  AddLicenses(1, Rights{.allow_backup = true});
  BackUp();
  std::vector<StatusEvent> events = Restore("e");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), Plain(WMT_BACKUPRESTORE_END, NS_E_DRM_RESTORE_FRAUD, 1));
  EXPECT_EQ(StoredCount("e"), 1u);
}

TEST_F(BackupRestorerTest, CancelDuringRestoreChangesNothing) {
  BackUp();
  IWMLicenseRestore* restore = NewRestore("b");
  RecordingCallback callback;
  callback.on_status = [&](const StatusEvent& e) {
    if (e.status == WMT_BACKUPRESTORE_CONNECTING) {
      EXPECT_EQ(restore->CancelLicenseRestore(), S_OK);
    }
  };
  ASSERT_EQ(restore->RestoreLicenses(WM_RESTORE_INDIVIDUALIZE, &callback), S_OK);
  ASSERT_TRUE(callback.WaitForEnd());
  std::vector<StatusEvent> expected = {Plain(WMT_BACKUPRESTORE_CONNECTING),
                                       Plain(WMT_BACKUPRESTORE_END, NS_E_DRM_OPERATION_CANCELED)};
  EXPECT_EQ(callback.Events(), expected);
  EXPECT_EQ(StoredCount("b"), 0u);
  EXPECT_TRUE(LedgerMachines().empty());
  restore->Release();
}

TEST_F(BackupRestorerTest, ADamagedSetIsBackupCorrupt) {
  BackUp();
  Bytes set = ReadFileBytes(BackupSetPath(Folder()));
  set[set.size() / 3] ^= 0x01;
  WriteFileBytes(BackupSetPath(Folder()), set);
  std::vector<StatusEvent> events = Restore("b");
  std::vector<StatusEvent> expected = {Plain(WMT_BACKUPRESTORE_END, NS_E_DRM_BACKUP_CORRUPT)};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(StoredCount("b"), 0u);
}

// Adversary A2 (docs/threat-model.md), between the restore and the service:
// it alters the real service's answer on the way back, or forges one signed
// with a key of its own. The application hears CONNECTING, then END with
// NS_E_BACKUP_RESTORE_BAD_DATA; the target's store is as it was, and once
// the attacker is gone the same restore onto it succeeds.
TEST_F(BackupRestorerTest, AForgedServiceAnswerIsBadDataAndAddsNothing) {
  BackUp();
  RELIC_ASSERT_OK(Machine::Initialize(world_.Home("b"), OptionsFor("b")));
  const std::pair<std::string, std::function<void(lms::Signed&)>> kForgeries[] = {
      {"a bit flipped at byte 10", [](lms::Signed& s) { s.message[10] ^= 0x01; }},
      {"a bit flipped in the middle",
       [](lms::Signed& s) { s.message[s.message.size() / 2] ^= 0x01; }},
      {"the last byte changed", [](lms::Signed& s) { s.message.back() ^= 0x80; }},
      {"signed with another key",
       [](lms::Signed& s) {
         auto other = crypto::GenerateSigningKeyPair();
         s.signature = crypto::Sign(other.secret_key, s.message);
       }},
  };
  const std::vector<StatusEvent> expected = {
      Plain(WMT_BACKUPRESTORE_CONNECTING),
      Plain(WMT_BACKUPRESTORE_END, NS_E_BACKUP_RESTORE_BAD_DATA, 0)};
  for (const auto& forgery : kForgeries) {
    const std::string& what = forgery.first;
    std::string before = Snapshot(Open("b")->store());
    SetLmsClientFactoryForTesting(
        [this, &forgery](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
          return std::unique_ptr<LmsClient>(new TamperingClient(authority_.get(), forgery.second));
        });
    EXPECT_EQ(Restore("b"), expected) << what;
    EXPECT_EQ(Snapshot(Open("b")->store()), before) << what;
    EXPECT_EQ(StoredCount("b"), 0u) << what;
  }
  SetLmsClientFactoryForTesting([this](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return NewLocalLmsClient(authority_.get());
  });
  EXPECT_EQ(Restore("b").back(), Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
  EXPECT_EQ(StoredCount("b"), 2u);
}

TEST_F(BackupRestorerTest, AnUnreachableServiceIsServiceUnavailable) {
  BackUp();
  SetLmsClientFactoryForTesting([](const std::string& url) -> Result<std::unique_ptr<LmsClient>> {
    return Status(Code::kServiceUnavailable, "cannot reach " + url);
  });
  std::vector<StatusEvent> events = Restore("b");
  std::vector<StatusEvent> expected = {
      Plain(WMT_BACKUPRESTORE_CONNECTING),
      Plain(WMT_BACKUPRESTORE_END, NS_E_DRM_RESTORE_SERVICE_UNAVAILABLE)};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(StoredCount("b"), 0u);
}

TEST_F(BackupRestorerTest, AHomeOfAnotherInstallationIsALicenseStoreError) {
  // Machine A's home, opened as if on machine Z's operating system.
  IWMLicenseBackup* backup = nullptr;
  ASSERT_EQ(sdk::CreateBackupRestorer(nullptr, OptionsFor("z"), &backup), S_OK);
  IWMBackupRestoreProps* props = nullptr;
  ASSERT_EQ(backup->QueryInterface(IID_IWMBackupRestoreProps, reinterpret_cast<void**>(&props)),
            S_OK);
  ASSERT_EQ(SetStringProp(props, u"RelicHome", world_.Home("a")), S_OK);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  RecordingCallback callback;
  EXPECT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), NS_E_DRM_LICENSE_STORE_ERROR);
  EXPECT_TRUE(callback.Events().empty());
  props->Release();
  backup->Release();
}

TEST_F(BackupRestorerTest, BackingUpAHomeWithoutIdentityNeedsIndividualization) {
  EXPECT_EQ(RefusedBackup("nobody", Folder()), NS_E_DRM_NEEDS_INDIVIDUALIZATION);
}

TEST_F(BackupRestorerTest, AMissingFolderIsAnInvalidArgument) {
  EXPECT_EQ(RefusedBackup("a", world_.Path("no-such-folder")), E_INVALIDARG);
}

TEST_F(BackupRestorerTest, ThePassphraseExtensionProtectsTheSet) {
  IWMBackupRestoreProps* props = nullptr;
  IWMLicenseBackup* backup = NewRestorer("a", &props);
  ASSERT_EQ(SetStringProp(props, u"BackupPath", Folder()), S_OK);
  ASSERT_EQ(SetStringProp(props, u"RelicPassphrase", "correct horse"), S_OK);
  RecordingCallback callback;
  ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback), S_OK);
  ASSERT_TRUE(callback.WaitForEnd());
  props->Release();
  backup->Release();
  auto info = VerifyBackupSet(Folder());
  RELIC_ASSERT_OK(info);
  EXPECT_TRUE(info->passphrase_protected);

  // Without it: refused offline, nothing contacted, nothing stored.
  std::vector<StatusEvent> events = Restore("b");
  std::vector<StatusEvent> refused = {Plain(WMT_BACKUPRESTORE_END, E_INVALIDARG)};
  EXPECT_EQ(events, refused);
  EXPECT_EQ(authority_->counters().requests.load(), 0u);

  IWMBackupRestoreProps* rprops = nullptr;
  IWMLicenseBackup* other = NewRestorer("b", &rprops);
  ASSERT_EQ(SetStringProp(rprops, u"RestorePath", Folder()), S_OK);
  ASSERT_EQ(SetStringProp(rprops, u"RelicPassphrase", "correct horse"), S_OK);
  IWMLicenseRestore* restore = nullptr;
  ASSERT_EQ(other->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)), S_OK);
  RecordingCallback restored;
  ASSERT_EQ(restore->RestoreLicenses(WM_RESTORE_INDIVIDUALIZE, &restored), S_OK);
  ASSERT_TRUE(restored.WaitForEnd());
  EXPECT_EQ(restored.Events().back(), Plain(WMT_BACKUPRESTORE_END, S_OK, 2));
  restore->Release();
  rprops->Release();
  other->Release();
}

// The table of docs/sdk.md ("Results"), code by code.
TEST(SdkHResult, EveryStatusCodeHasItsDocumentedHResult) {
  const std::pair<Code, HRESULT> kTable[] = {
      {Code::kOk, S_OK},
      {Code::kInvalidArgument, E_INVALIDARG},
      {Code::kNotFound, E_INVALIDARG},
      {Code::kAlreadyExists, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kIoError, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kNoSpace, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kPermissionDenied, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kCorrupt, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kMalformed, NS_E_BACKUP_RESTORE_BAD_DATA},
      {Code::kNotInitialized, NS_E_DRM_NEEDS_INDIVIDUALIZATION},
      {Code::kAlreadyInitialized, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kForeignInstallation, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kNoInstallationId, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kWrongMachine, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kUntrustedIssuer, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kBadSignature, NS_E_BACKUP_RESTORE_BAD_DATA},
      {Code::kNoLicense, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kNotYetValid, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kExpired, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kNoPlaysLeft, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kBusy, NS_E_DRM_BACKUPRESTORE_BUSY},
      {Code::kCanceled, NS_E_DRM_OPERATION_CANCELED},
      {Code::kUnsupportedVersion, NS_E_DRM_LICENSE_STORE_ERROR},
      {Code::kInternal, E_UNEXPECTED},
      {Code::kBackupExists, NS_E_DRM_BACKUP_EXISTS},
      {Code::kBackupCorrupt, NS_E_DRM_BACKUP_CORRUPT},
      {Code::kRestoreFraud, NS_E_DRM_RESTORE_FRAUD},
      {Code::kServiceUnavailable, NS_E_DRM_RESTORE_SERVICE_UNAVAILABLE},
      {Code::kNeedsIndividualization, NS_E_DRM_NEEDS_INDIVIDUALIZATION},
      {Code::kStaleChallenge, NS_E_DRM_RESTORE_SERVICE_UNAVAILABLE},
  };
  // Every code the enum has (they are numbered densely from 0).
  ASSERT_EQ(std::size(kTable), static_cast<size_t>(Code::kStaleChallenge) + 1);
  for (const auto& [code, hr] : kTable) {
    Status status = code == Code::kOk ? Status::Ok() : Status(code, "x");
    EXPECT_EQ(static_cast<uint32_t>(sdk::HResultFromStatus(status)), static_cast<uint32_t>(hr))
        << CodeName(code);
  }
}

}  // namespace
}  // namespace relic::testing
