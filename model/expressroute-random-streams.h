// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RANDOM_STREAMS_H
#define EXPRESSROUTE_RANDOM_STREAMS_H

#include <cstdint>

namespace ns3
{
namespace expressroute
{

/**
 * The run's random streams: every random variable of a run takes a stream fixed by what it
 * belongs to (a link's index, a flow record's), never by creation order, so that a seed and run
 * number give the same draws whatever else the scenario holds. Each kind has its own block:
 *
 * | kind            | streams              | index                                   |
 * |-----------------|----------------------|-----------------------------------------|
 * | Bfd             | 0 ..                 | BFD agent, in node order                 |
 * | LinkImpairment  | 1,000,000 ..         | 2 × link + side (A 0, B 1)               |
 * | RequestResponse | 3,000,000 ..         | 2 × record + variable (arrivals 0, sizes 1) |
 * | InternetJitter  | 4,000,000 ..         | internet connection                      |
 * | BackboneJitter  | 5,000,000 ..         | backbone link                            |
 * | ProbeLoss       | 9,000,000            | 0 (the flow engine's one)                |
 * | FlowSender      | 10,000,000 ..        | flow record                              |
 *
 * An index beyond its block's room moves to a block of its own far above (2^40 per kind), so
 * that no two kinds ever share a stream, however many records or links a run has; indices within
 * the room keep the streams above, and so every run they gave.
 */
enum class StreamKind : uint8_t
{
    Bfd,
    LinkImpairment,
    RequestResponse,
    InternetJitter,
    BackboneJitter,
    ProbeLoss,
    FlowSender,
};

/// The stream of the @p index-th random variable of @p kind.
int64_t RandomStream(StreamKind kind, uint64_t index);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RANDOM_STREAMS_H
