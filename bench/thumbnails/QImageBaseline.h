#pragma once

#include <string>
#include <vector>

// The naive way, for comparison: QImage::load (full decode) + scaled(256, 256, KeepAspectRatio,
// SmoothTransformation) + save as JPEG, on `threads` threads pulling from one queue. Meant to
// run in a process of its own (nestbox-bench-thumbnails --qimage-worker) so that its peak RSS
// is its own. Returns the wall-clock seconds; throws if an image fails.
double runQImageBaseline(const std::vector<std::string>& photos, const std::string& outDir, int size, int threads);
