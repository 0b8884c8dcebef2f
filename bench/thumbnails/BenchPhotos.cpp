#include "BenchPhotos.h"

#include <vips/vips.h>

#include <stdexcept>

namespace {

// Owns one VipsImage reference; throws with libvips' message when an operation failed.
class Img {
public:
    explicit Img(VipsImage* image = nullptr) : _image(image) {}
    Img(const Img&) = delete;
    Img& operator=(const Img&) = delete;
    ~Img()
    {
        if (_image)
            g_object_unref(_image);
    }
    VipsImage* get() const { return _image; }
    VipsImage** out() { return &_image; }

private:
    VipsImage* _image;
};

void check(int rc, const char* what)
{
    if (rc != 0) {
        const std::string message = std::string(what) + ": " + vips_error_buffer();
        vips_error_clear();
        throw std::runtime_error(message);
    }
}

} // namespace

std::vector<std::string> writeBenchPhotos(const std::string& dir, int count, int width, int height)
{
    if (VIPS_INIT("nestbox-bench-thumbnails") != 0)
        throw std::runtime_error("libvips failed to start");
    std::vector<std::string> paths;
    for (int i = 0; i < count; ++i) {
        // Base: an x/y ramp per band, shifted per photo so no two files are alike.
        Img xy;
        check(vips_xyz(xy.out(), width, height, nullptr), "xyz");
        Img x, y;
        check(vips_extract_band(xy.get(), x.out(), 0, nullptr), "band");
        check(vips_extract_band(xy.get(), y.out(), 1, nullptr), "band");
        // Soft waves (sky, walls), then three channels mixed from them.
        Img wave;
        check(vips_linear1(x.get(), wave.out(), 0.004 + i * 0.0003, i * 0.7, nullptr), "linear");
        Img sine;
        check(vips_math(wave.get(), sine.out(), VIPS_OPERATION_MATH_SIN, nullptr), "sin");
        Img r, g, b;
        check(vips_linear1(x.get(), r.out(), 180.0 / width, 20.0 + i % 40, nullptr), "r");
        check(vips_linear1(y.get(), g.out(), 160.0 / height, 30.0, nullptr), "g");
        check(vips_linear1(sine.get(), b.out(), 60.0, 120.0, nullptr), "b");
        VipsImage* bands[3] = {r.get(), g.get(), b.get()};
        Img rgb;
        check(vips_bandjoin(bands, rgb.out(), 3, nullptr), "bandjoin");
        // Sensor noise: the part that makes a JPEG heavy and slow to decode.
        Img noise;
        check(vips_gaussnoise(noise.out(), width, height, "sigma", 9.0, "mean", 0.0, "seed", i + 1, nullptr), "noise");
        Img noisy;
        check(vips_add(rgb.get(), noise.get(), noisy.out(), nullptr), "add");
        Img bytes;
        check(vips_cast_uchar(noisy.get(), bytes.out(), nullptr), "cast");
        Img srgb;
        check(vips_copy(bytes.get(), srgb.out(), "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), "copy");
        const std::string path = dir + "/photo-" + std::to_string(i) + ".jpg";
        // 4:2:0 chroma like phone cameras (libvips would keep 4:4:4 at Q 90).
        check(vips_jpegsave(srgb.get(), path.c_str(), "Q", 90, "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON, nullptr),
              "jpegsave");
        paths.push_back(path);
    }
    return paths;
}
