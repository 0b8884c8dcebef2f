#pragma once

#include <stdexcept>
#include <string>

namespace nestbox::server {

// A failed S3 call: HTTP status (0 when no answer came: refused, reset, timed out), the S3
// error code ("NoSuchKey", "SlowDown", "NetworkError", …), its message and whether trying again
// may succeed. The client has already retried what it could when this reaches the caller.
class S3Error : public std::runtime_error {
public:
    S3Error(int status, std::string code, const std::string& message, bool retryable, std::string requestId = {});

    int status() const noexcept { return _status; }
    const std::string& code() const noexcept { return _code; }
    bool retryable() const noexcept { return _retryable; }
    const std::string& requestId() const noexcept { return _requestId; }

    // 5xx, throttling and timeouts are worth another try; other 4xx are not.
    static bool isRetryable(int status, const std::string& code);

private:
    int _status;
    std::string _code;
    bool _retryable;
    std::string _requestId;
};

} // namespace nestbox::server
