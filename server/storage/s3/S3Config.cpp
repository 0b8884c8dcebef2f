#include "S3Config.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace nestbox::server {

namespace {

bool parseBool(const std::string& name, const std::string& value)
{
    if (value == "true" || value == "1" || value == "yes")
        return true;
    if (value == "false" || value == "0" || value == "no")
        return false;
    throw std::invalid_argument("s3 url: " + name + " must be true or false, not '" + value + "'");
}

long long parseInt(const std::string& name, const std::string& value, long long min)
{
    Poco::Int64 n = 0;
    if (!Poco::NumberParser::tryParse64(value, n) || n < min)
        throw std::invalid_argument("s3 url: " + name + " must be a number >= " + std::to_string(min));
    return n;
}

} // namespace

S3Config S3Config::fromUrl(const std::string& url, std::string accessKey, std::string secretKey)
{
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("s3 url: " + e.displayText());
    }
    if (uri.getScheme() != "s3")
        throw std::invalid_argument("s3 url must start with s3://");
    S3Config config;
    config.bucket = uri.getHost();
    if (config.bucket.empty() || !(uri.getPath().empty() || uri.getPath() == "/"))
        throw std::invalid_argument("s3 url: s3://BUCKET?... with no path");
    config.accessKey = std::move(accessKey);
    config.secretKey = std::move(secretKey);
    bool pathStyleSet = false;
    for (const auto& [name, value] : uri.getQueryParameters()) {
        if (name == "endpoint") {
            config.endpoint = value;
        } else if (name == "region") {
            config.region = value;
        } else if (name == "path_style") {
            config.pathStyle = parseBool(name, value);
            pathStyleSet = true;
        } else if (name == "presign_ttl") {
            config.presignTtl = std::chrono::seconds(parseInt(name, value, 1));
        } else if (name == "max_attempts") {
            config.maxAttempts = static_cast<int>(parseInt(name, value, 1));
        } else if (name == "timeout_ms") {
            config.ioTimeout = std::chrono::milliseconds(parseInt(name, value, 1));
        } else if (name == "verify_tls") {
            config.verifyTls = parseBool(name, value);
        } else if (name == "ca_file") {
            config.caFile = value;
        } else {
            throw std::invalid_argument("s3 url: unknown parameter '" + name + "'");
        }
    }
    if (config.region.empty())
        throw std::invalid_argument("s3 url: region must not be empty");
    if (config.endpoint.empty()) {
        config.endpoint = "https://s3." + config.region + ".amazonaws.com";
        if (!pathStyleSet)
            config.pathStyle = false;
    }
    const Poco::URI endpoint(config.endpoint);
    if ((endpoint.getScheme() != "http" && endpoint.getScheme() != "https") || endpoint.getHost().empty())
        throw std::invalid_argument("s3 url: endpoint must be http(s)://host[:port]");
    if (!(endpoint.getPath().empty() || endpoint.getPath() == "/") || !endpoint.getRawQuery().empty())
        throw std::invalid_argument("s3 url: endpoint must not carry a path or query");
    return config;
}

} // namespace nestbox::server
