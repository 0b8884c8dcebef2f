#include "http/Metrics.h"

#include <cstdio>

namespace nestbox::server {

void Metrics::record(const std::string& route, const std::string& method, int status, double seconds,
                     std::int64_t bytesIn, std::int64_t bytesOut)
{
    std::lock_guard<std::mutex> lock(_mutex);
    ++_requests[{route, method, status}];
    Histogram& h = _latency[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i])
            ++h.counts[i];
    ++h.total;
    h.sum += seconds;
    if (bytesIn > 0)
        _bytesIn[route] += static_cast<std::uint64_t>(bytesIn);
    if (bytesOut > 0)
        _bytesOut[route] += static_cast<std::uint64_t>(bytesOut);
}

std::string Metrics::render(const std::function<void(std::string&)>& extra) const
{
    std::string out;
    char number[64];
    std::lock_guard<std::mutex> lock(_mutex);
    out += "# HELP nestbox_http_requests_total HTTP requests by route, method and status.\n"
           "# TYPE nestbox_http_requests_total counter\n";
    for (const auto& [key, count] : _requests) {
        const auto& [route, method, status] = key;
        out += "nestbox_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\""
            + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
    }
    out += "# HELP nestbox_http_request_duration_seconds Time to answer a request.\n"
           "# TYPE nestbox_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : _latency) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            std::snprintf(number, sizeof number, "%g", kBuckets[i]);
            out += "nestbox_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + number + "\"} "
                + std::to_string(h.counts[i]) + "\n";
        }
        out += "nestbox_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} "
            + std::to_string(h.total) + "\n";
        std::snprintf(number, sizeof number, "%.6f", h.sum);
        out += "nestbox_http_request_duration_seconds_sum{route=\"" + route + "\"} " + number + "\n";
        out += "nestbox_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(h.total) + "\n";
    }
    out += "# HELP nestbox_http_received_bytes_total Request body bytes by route.\n"
           "# TYPE nestbox_http_received_bytes_total counter\n";
    for (const auto& [route, bytes] : _bytesIn)
        out += "nestbox_http_received_bytes_total{route=\"" + route + "\"} " + std::to_string(bytes) + "\n";
    out += "# HELP nestbox_http_sent_bytes_total Response body bytes by route.\n"
           "# TYPE nestbox_http_sent_bytes_total counter\n";
    for (const auto& [route, bytes] : _bytesOut)
        out += "nestbox_http_sent_bytes_total{route=\"" + route + "\"} " + std::to_string(bytes) + "\n";
    out += "# HELP nestbox_http_requests_in_flight Requests being answered now.\n"
           "# TYPE nestbox_http_requests_in_flight gauge\n"
           "nestbox_http_requests_in_flight " + std::to_string(_inFlight.load()) + "\n";
    out += "# HELP nestbox_upload_chunks_in_flight Chunk bodies being received now.\n"
           "# TYPE nestbox_upload_chunks_in_flight gauge\n"
           "nestbox_upload_chunks_in_flight " + std::to_string(_chunksInFlight.load()) + "\n";
    if (extra)
        extra(out);
    return out;
}

} // namespace nestbox::server
