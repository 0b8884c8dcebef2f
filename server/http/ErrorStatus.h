#pragma once

#include "nestbox/ErrorCode.h"

namespace nestbox::server {

// The one place an error code becomes an HTTP status.
int httpStatusFor(ErrorCode code) noexcept;

} // namespace nestbox::server
