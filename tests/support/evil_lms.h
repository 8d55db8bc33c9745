// SPDX-License-Identifier: Apache-2.0
// The standing adversary kit's evil License Management Service (adversary
// A4 in docs/threat-model.md, or A2 answering in its place): a server on
// loopback that answers every request with one hostile behaviour, for tests
// that check the restore client stays within its deadline, its memory and
// its cancel. Each connection runs on a thread of its own until the client
// goes away or the server is destroyed.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace relic::testing {

enum class EvilBehaviour {
  kHeaderFlood,     // a 200 status line, then header lines without end
  kDrip,            // a valid-looking answer, one byte every `pace`
  kNeverAnswers,    // reads the request, then holds the connection silently
  kHugeBody,        // a 200 announcing a body of 10 GB, then bytes without end
  kEndlessBody,     // a 200 without a length, then bytes without end
  kNestedBody,      // a 200 whose body is 5.5 MB of '[' (within the size bound)
  kWrongSignature,  // a good challenge, then an answer signed by nobody the set names
};

const char* EvilBehaviourName(EvilBehaviour behaviour);

class EvilLms {
 public:
  // `pace`: how long the server waits between the pieces it sends (bytes
  // for kDrip, header lines for kHeaderFlood, 64 KiB chunks for the bodies);
  // zero sends as fast as the client reads.
  explicit EvilLms(EvilBehaviour behaviour,
                   std::chrono::milliseconds pace = std::chrono::milliseconds(0));
  ~EvilLms();
  EvilLms(const EvilLms&) = delete;
  EvilLms& operator=(const EvilLms&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_.load(); }
  // Bytes sent to clients so far.
  uint64_t bytes_sent() const { return bytes_sent_.load(); }

 private:
  void Accept();
  void Serve(int fd);
  // Sends all of `data` unless the client went away or the server stops.
  bool Send(int fd, const std::string& data);
  void Pause() const;

  const EvilBehaviour behaviour_;
  const std::chrono::milliseconds pace_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<uint64_t> bytes_sent_{0};
  std::mutex mu_;
  std::vector<std::thread> served_;
  std::thread acceptor_;
};

}  // namespace relic::testing
