#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace nestbox::server {

struct Services;
class RequestContext;

// The route table: ordered (method, path pattern) rules, `{name}` matching one segment and a
// final `{name*}` the rest of the path. No match → 404, a path that matches with another
// method → 405. Each request gets a fresh handler that catches every error at the top and
// answers with API.md's error body.
class Router : public Poco::Net::HTTPRequestHandlerFactory {
public:
    using Handler = std::function<void(RequestContext&)>;

    explicit Router(Services& services);

    void add(const std::string& method, const std::string& pattern, Handler handler);

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

    struct Rule {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    // The rule for a request, with its path parameters; nullptr when nothing matches.
    // `pathMatched` tells whether some rule matched the path with another method.
    const Rule* match(const std::string& method, const std::vector<std::string>& path,
                      std::map<std::string, std::string>& params, bool& pathMatched) const;

private:
    Services& _services;
    std::vector<Rule> _rules;
};

void registerServerRoutes(Router& router, Services& services);
void registerAuthRoutes(Router& router, Services& services);
void registerFileRoutes(Router& router, Services& services);
void registerUploadRoutes(Router& router, Services& services);
void registerAdminRoutes(Router& router, Services& services);

} // namespace nestbox::server
