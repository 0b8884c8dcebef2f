#include "S3Error.h"

namespace nestbox::server {

S3Error::S3Error(int status, std::string code, const std::string& message, bool retryable, std::string requestId)
    : std::runtime_error("S3 " + (status ? std::to_string(status) + " " : std::string()) + code + ": " + message)
    , _status(status)
    , _code(std::move(code))
    , _retryable(retryable)
    , _requestId(std::move(requestId))
{
}

bool S3Error::isRetryable(int status, const std::string& code)
{
    if (code == "SlowDown" || code == "RequestTimeout" || code == "InternalError" || code == "ServiceUnavailable"
        || code == "Throttling" || code == "RequestTimeTooSkewed")
        return true;
    return status >= 500 || status == 429 || status == 408;
}

} // namespace nestbox::server
