// SPDX-License-Identifier: GPL-3.0-or-later
// A stand-in for libFuzzer's driver, so every fuzz target is also built with the normal
// compiler and run by CTest: it feeds the target each file of its seed corpus, then a fixed,
// seeded series of mutations of them (bit flips, byte insertions and deletions, truncations,
// splices). Crashes, sanitizer reports and hangs fail the test; coverage-guided fuzzing is
// the -DSLIPWAY_FUZZ=ON build with clang.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

using Input = std::vector<std::uint8_t>;

std::vector<Input> readCorpus(const std::filesystem::path &path)
{
    std::vector<Input> corpus;
    auto readFile = [&corpus](const std::filesystem::path &file) {
        std::ifstream stream(file, std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
    };
    if (std::filesystem::is_directory(path)) {
        for (const auto &entry : std::filesystem::recursive_directory_iterator(path)) {
            if (entry.is_regular_file()) {
                readFile(entry.path());
            }
        }
    } else if (std::filesystem::is_regular_file(path)) {
        readFile(path);
    }
    return corpus;
}

Input mutate(const std::vector<Input> &corpus, std::mt19937_64 &random)
{
    Input input = corpus.empty() ? Input{} : corpus[random() % corpus.size()];
    const int rounds = 1 + static_cast<int>(random() % 8);
    for (int round = 0; round < rounds; ++round) {
        switch (random() % 6) {
        case 0: // flip a bit
            if (!input.empty()) {
                input[random() % input.size()] ^= static_cast<std::uint8_t>(1U << (random() % 8));
            }
            break;
        case 1: // insert random bytes
            for (int i = 0, n = 1 + static_cast<int>(random() % 16); i < n; ++i) {
                input.insert(input.begin() + static_cast<std::ptrdiff_t>(input.empty() ? 0 : random() % input.size()),
                             static_cast<std::uint8_t>(random()));
            }
            break;
        case 2: // delete a run
            if (!input.empty()) {
                const std::size_t begin = random() % input.size();
                const std::size_t length = std::min<std::size_t>(input.size() - begin, 1 + random() % 32);
                input.erase(input.begin() + static_cast<std::ptrdiff_t>(begin),
                            input.begin() + static_cast<std::ptrdiff_t>(begin + length));
            }
            break;
        case 3: // truncate
            if (!input.empty()) {
                input.resize(random() % input.size());
            }
            break;
        case 4: // splice in a piece of another input
            if (!corpus.empty()) {
                const Input &other = corpus[random() % corpus.size()];
                if (!other.empty()) {
                    const std::size_t begin = random() % other.size();
                    const std::size_t length = std::min<std::size_t>(other.size() - begin, 1 + random() % 64);
                    input.insert(input.begin() + static_cast<std::ptrdiff_t>(input.empty() ? 0 : random() % input.size()),
                                 other.begin() + static_cast<std::ptrdiff_t>(begin),
                                 other.begin() + static_cast<std::ptrdiff_t>(begin + length));
                }
            }
            break;
        default: // overwrite a byte with an interesting value
            if (!input.empty()) {
                static constexpr std::uint8_t interesting[] = {0x00, 0xff, 0x7f, 0x80, '\n', '\r', '"', '\\', '[', '='};
                input[random() % input.size()] = interesting[random() % std::size(interesting)];
            }
            break;
        }
    }
    return input;
}

} // namespace

int main(int argc, char *argv[])
{
    std::vector<Input> corpus;
    for (int i = 1; i < argc; ++i) {
        auto more = readCorpus(argv[i]);
        corpus.insert(corpus.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    const char *iterationsText = std::getenv("SLIPWAY_FUZZ_ITERATIONS");
    const long iterations = iterationsText != nullptr ? std::strtol(iterationsText, nullptr, 10) : 3000;
    const char *seedText = std::getenv("SLIPWAY_FUZZ_SEED");
    std::mt19937_64 random(seedText != nullptr ? std::strtoull(seedText, nullptr, 10) : 20261121);

    for (const Input &input : corpus) {
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    for (long i = 0; i < iterations; ++i) {
        const Input input = mutate(corpus, random);
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::printf("fuzz replay: %zu corpus inputs and %ld mutations, no failure\n", corpus.size(), iterations);
    return 0;
}
