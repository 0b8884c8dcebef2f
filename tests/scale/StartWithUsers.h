#pragma once

#include "ApiClient.h"
#include "HttpClient.h"
#include "TestServer.h"

#include <QString>

#include <memory>
#include <optional>

// The start of the storage suites (tiered, direct): nestboxd with `options` into *server, an HTTP
// client on it into *http, two new users (alice…, bob…) into *alice and *bob, and /readyz must
// answer 200 with its storage check "ok". Empty when all of that held, else what failed.
QString startWithUsers(const TestServer::Options &options, std::unique_ptr<TestServer> *server,
                       std::unique_ptr<HttpClient> *http, std::optional<ApiClient> *alice, std::optional<ApiClient> *bob);
