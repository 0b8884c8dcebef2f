#pragma once

#include <string>
#include <vector>

// The same probe + thumbnail code as nestbox-thumbnailer, called in this process on `threads`
// threads, with no child per image: the ceiling the process-per-image design pays its
// isolation from. Returns the wall-clock seconds; throws if an image fails.
double runInProcessThumbnails(const std::vector<std::string>& photos, const std::string& outDir, int size, int threads);
