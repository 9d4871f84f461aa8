// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-random-streams.h"

#include "ns3/abort.h"

namespace ns3
{
namespace expressroute
{

namespace
{

struct Block
{
    int64_t base;
    uint64_t room; ///< indices that fit before the next block
};

// In StreamKind's order; each block ends where the next begins.
constexpr Block kBlocks[] = {
    {0, 1'000'000},                 // Bfd
    {1'000'000, 2'000'000},         // LinkImpairment
    {3'000'000, 1'000'000},         // RequestResponse
    {4'000'000, 1'000'000},         // InternetJitter
    {5'000'000, 4'000'000},         // BackboneJitter
    {9'000'000, 1},                 // ProbeLoss
    {10'000'000, 1'099'501'627'776}, // FlowSender: up to the overflow blocks at 2^40
};

constexpr int kOverflowShift = 40;

} // namespace

int64_t
RandomStream(StreamKind kind, uint64_t index)
{
    const auto k = static_cast<unsigned>(kind);
    NS_ABORT_MSG_IF(k >= sizeof(kBlocks) / sizeof(kBlocks[0]), "unknown stream kind");
    const Block& b = kBlocks[k];
    if (index < b.room)
    {
        return b.base + static_cast<int64_t>(index);
    }
    // Kind k's overflow block: [(k + 1) × 2^40, (k + 2) × 2^40).
    NS_ABORT_MSG_IF(index >= (uint64_t{1} << kOverflowShift), "random stream index " << index
                                                                     << " beyond 2^40");
    return (static_cast<int64_t>(k + 1) << kOverflowShift) + static_cast<int64_t>(index);
}

} // namespace expressroute
} // namespace ns3
