// SPDX-License-Identifier: Apache-2.0
/* Generated alongside vtable_c.c; see there. */
#ifndef RELIC_TESTS_SDK_VTABLE_C_H
#define RELIC_TESTS_SDK_VTABLE_C_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
/* The slot the last called fake method recorded. */
extern int relic_sdk_last_slot;
/* Test 1: the number of failures, described in buf. */
int relic_sdk_c_vtable_failures(char* buf, size_t n);

/* Test 2: calls every method of the IUnknown at obj through its C view and
   stores the slot each call reached; returns the number of methods (3). */
int relic_sdk_c_call_IUnknown(void* obj, int* slots);
/* Test 2: calls every method of the IMFAttributes at obj through its C view and
   stores the slot each call reached; returns the number of methods (33). */
int relic_sdk_c_call_IMFAttributes(void* obj, int* slots);
/* Test 2: calls every method of the IMFMediaEvent at obj through its C view and
   stores the slot each call reached; returns the number of methods (37). */
int relic_sdk_c_call_IMFMediaEvent(void* obj, int* slots);
/* Test 2: calls every method of the IMFAsyncResult at obj through its C view and
   stores the slot each call reached; returns the number of methods (8). */
int relic_sdk_c_call_IMFAsyncResult(void* obj, int* slots);
/* Test 2: calls every method of the IMFAsyncCallback at obj through its C view and
   stores the slot each call reached; returns the number of methods (5). */
int relic_sdk_c_call_IMFAsyncCallback(void* obj, int* slots);
/* Test 2: calls every method of the IMFMediaEventGenerator at obj through its C view and
   stores the slot each call reached; returns the number of methods (7). */
int relic_sdk_c_call_IMFMediaEventGenerator(void* obj, int* slots);
/* Test 2: calls every method of the IWMStatusCallback at obj through its C view and
   stores the slot each call reached; returns the number of methods (4). */
int relic_sdk_c_call_IWMStatusCallback(void* obj, int* slots);
/* Test 2: calls every method of the IWMLicenseBackup at obj through its C view and
   stores the slot each call reached; returns the number of methods (5). */
int relic_sdk_c_call_IWMLicenseBackup(void* obj, int* slots);
/* Test 2: calls every method of the IWMLicenseRestore at obj through its C view and
   stores the slot each call reached; returns the number of methods (5). */
int relic_sdk_c_call_IWMLicenseRestore(void* obj, int* slots);
/* Test 2: calls every method of the IWMBackupRestoreProps at obj through its C view and
   stores the slot each call reached; returns the number of methods (9). */
int relic_sdk_c_call_IWMBackupRestoreProps(void* obj, int* slots);
/* Test 2: calls every method of the IWMDRMProvider at obj through its C view and
   stores the slot each call reached; returns the number of methods (4). */
int relic_sdk_c_call_IWMDRMProvider(void* obj, int* slots);
/* Test 2: calls every method of the IWMDRMEventGenerator at obj through its C view and
   stores the slot each call reached; returns the number of methods (9). */
int relic_sdk_c_call_IWMDRMEventGenerator(void* obj, int* slots);
/* Test 2: calls every method of the IWMDRMLicenseManagement at obj through its C view and
   stores the slot each call reached; returns the number of methods (20). */
int relic_sdk_c_call_IWMDRMLicenseManagement(void* obj, int* slots);
/* Test 2: calls every method of the IWMDRMLicenseBackupRestoreStatus at obj through its C view and
   stores the slot each call reached; returns the number of methods (4). */
int relic_sdk_c_call_IWMDRMLicenseBackupRestoreStatus(void* obj, int* slots);
#ifdef __cplusplus
}
#endif
#endif
