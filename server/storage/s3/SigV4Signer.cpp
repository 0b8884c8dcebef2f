#include "SigV4Signer.h"

#include "S3Digest.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <vector>

namespace nestbox::server {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Trims the value and folds runs of blanks to one space, as SigV4 asks ("a   b" → "a b").
std::string trimAll(std::string_view v)
{
    std::string out;
    bool blank = false;
    for (char c : v) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = true;
            continue;
        }
        if (blank && !out.empty())
            out.push_back(' ');
        blank = false;
        out.push_back(c);
    }
    return out;
}

// Lower-cased names, values joined per name, in name order.
std::map<std::string, std::string> headerMap(const SigV4Request& request)
{
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : request.headers) {
        auto [it, fresh] = out.emplace(lower(name), trimAll(value));
        if (!fresh)
            it->second.append(",").append(trimAll(value));
    }
    return out;
}

std::string credentialDate(std::string_view amzDate) { return std::string(amzDate.substr(0, 8)); }

} // namespace

SigV4Signer::SigV4Signer(std::string accessKey, std::string secretKey, std::string region, std::string service)
    : _accessKey(std::move(accessKey))
    , _secretKey(std::move(secretKey))
    , _region(std::move(region))
    , _service(std::move(service))
{
}

std::string SigV4Signer::uriEncode(std::string_view raw, bool encodeSlash)
{
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(raw.size() * 3);
    for (unsigned char c : raw) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kDigits[c >> 4]);
            out.push_back(kDigits[c & 0x0f]);
        }
    }
    return out;
}

std::string SigV4Signer::canonicalUri(std::string_view rawPath, bool normalize)
{
    if (rawPath.empty())
        return "/";
    if (!normalize)
        return uriEncode(rawPath, false);
    std::vector<std::string_view> segments;
    std::size_t pos = 0;
    while (pos <= rawPath.size()) {
        const std::size_t slash = rawPath.find('/', pos);
        const std::string_view seg = rawPath.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        if (seg == "..") {
            if (!segments.empty())
                segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        if (slash == std::string_view::npos)
            break;
        pos = slash + 1;
    }
    std::string out;
    for (const auto& seg : segments)
        out.append("/").append(uriEncode(seg, true));
    const bool trailing = rawPath.back() == '/';
    if (out.empty() || trailing)
        out.push_back('/');
    return out;
}

std::string SigV4Signer::amzDate(Clock::time_point when)
{
    const std::time_t t = Clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[17];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

std::string SigV4Signer::canonicalQuery(const SigV4Request& request)
{
    std::vector<std::pair<std::string, std::string>> encoded;
    encoded.reserve(request.query.size());
    for (const auto& [name, value] : request.query)
        encoded.emplace_back(uriEncode(name, true), uriEncode(value, true));
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) {
        if (!out.empty())
            out.push_back('&');
        out.append(name).append("=").append(value);
    }
    return out;
}

std::string SigV4Signer::canonicalHeaders(const SigV4Request& request)
{
    std::string out;
    for (const auto& [name, value] : headerMap(request))
        out.append(name).append(":").append(value).append("\n");
    return out;
}

std::string SigV4Signer::signedHeaders(const SigV4Request& request)
{
    std::string out;
    for (const auto& entry : headerMap(request)) {
        if (!out.empty())
            out.push_back(';');
        out.append(entry.first);
    }
    return out;
}

std::string SigV4Signer::canonicalRequest(const SigV4Request& request)
{
    std::string out;
    out.append(request.method).append("\n");
    out.append(request.canonicalUri).append("\n");
    out.append(canonicalQuery(request)).append("\n");
    out.append(canonicalHeaders(request)).append("\n");
    out.append(signedHeaders(request)).append("\n");
    out.append(request.payloadHash);
    return out;
}

std::string SigV4Signer::scope(std::string_view amzDate) const
{
    return credentialDate(amzDate) + "/" + _region + "/" + _service + "/aws4_request";
}

std::string SigV4Signer::stringToSign(std::string_view amzDate, const std::string& canonicalRequest) const
{
    std::string out(kAlgorithm);
    out.append("\n").append(amzDate).append("\n").append(scope(amzDate)).append("\n");
    out.append(S3Digest::sha256Hex(canonicalRequest));
    return out;
}

std::string SigV4Signer::signature(std::string_view amzDate, const std::string& stringToSign) const
{
    // The signing key is derived per day, region and service so the secret itself never signs.
    const std::string kDate = S3Digest::hmacSha256("AWS4" + _secretKey, credentialDate(amzDate));
    const std::string kRegion = S3Digest::hmacSha256(kDate, _region);
    const std::string kService = S3Digest::hmacSha256(kRegion, _service);
    const std::string kSigning = S3Digest::hmacSha256(kService, "aws4_request");
    return S3Digest::hex(S3Digest::hmacSha256(kSigning, stringToSign));
}

std::string SigV4Signer::sign(SigV4Request& request, Clock::time_point now) const
{
    const std::string date = amzDate(now);
    request.headers.emplace_back("X-Amz-Date", date);
    const std::string sig = signature(date, stringToSign(date, canonicalRequest(request)));
    std::string out(kAlgorithm);
    out.append(" Credential=").append(_accessKey).append("/").append(scope(date));
    out.append(", SignedHeaders=").append(signedHeaders(request));
    out.append(", Signature=").append(sig);
    return out;
}

void SigV4Signer::presign(SigV4Request& request, Clock::time_point now, std::chrono::seconds expires) const
{
    const std::string date = amzDate(now);
    request.query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
    request.query.emplace_back("X-Amz-Credential", _accessKey + "/" + scope(date));
    request.query.emplace_back("X-Amz-Date", date);
    request.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
    request.query.emplace_back("X-Amz-SignedHeaders", signedHeaders(request));
    const std::string sig = signature(date, stringToSign(date, canonicalRequest(request)));
    request.query.emplace_back("X-Amz-Signature", sig);
}

} // namespace nestbox::server
