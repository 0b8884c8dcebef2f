#pragma once

#include "HttpReply.h"

// Checks one answer against the contract: the HTTP status and, for errors, the body
// {"error": {"code": CODE, "message": "..."}}. On a mismatch it records a test failure that names
// the request, the expected and the actual answer, and returns false.
bool nbCheckReply(const HttpReply &reply, int status, const char *code, const char *file, int line);

#define NB_EXPECT(reply, status)                                                   \
    do {                                                                           \
        if (!nbCheckReply((reply), (status), nullptr, __FILE__, __LINE__))        \
            return;                                                                \
    } while (false)

#define NB_EXPECT_ERROR(reply, status, code)                                       \
    do {                                                                           \
        if (!nbCheckReply((reply), (status), (code), __FILE__, __LINE__))         \
            return;                                                                \
    } while (false)
