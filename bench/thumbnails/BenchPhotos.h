#pragma once

#include <string>
#include <vector>

// Writes `count` photo-like JPEGs of width x height (colour gradients, soft waves and sensor
// noise, quality 90, so they weigh and decode like camera files) into `dir`, with libvips.
// Returns their paths. Not thread-safe (libvips init).
std::vector<std::string> writeBenchPhotos(const std::string& dir, int count, int width, int height);
