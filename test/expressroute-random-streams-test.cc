// SPDX-License-Identifier: GPL-2.0-only
// The run's random-stream layout: each kind of random variable has its own streams, so that a
// run with a million request/response records or links never draws two variables from one
// stream, while the streams of ordinary runs stay those they always were.
#include "expressroute-random-streams.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

using namespace ns3::expressroute;

namespace
{
const std::vector<StreamKind> kKinds = {StreamKind::Bfd,
                                        StreamKind::LinkImpairment,
                                        StreamKind::RequestResponse,
                                        StreamKind::InternetJitter,
                                        StreamKind::BackboneJitter,
                                        StreamKind::ProbeLoss,
                                        StreamKind::FlowSender};
} // namespace

TEST(RandomStreamsTest, OrdinaryRunsKeepTheirStreams)
{
    // The streams every run before this layout used: a flow list, a link's two error models, a
    // request/response record's two variables, the backbone's jitter, the flow engine's probes.
    EXPECT_EQ(RandomStream(StreamKind::Bfd, 17), 17);
    EXPECT_EQ(RandomStream(StreamKind::LinkImpairment, 2 * 12 + 1), 1'000'025);
    EXPECT_EQ(RandomStream(StreamKind::RequestResponse, 2 * 40), 3'000'080);
    EXPECT_EQ(RandomStream(StreamKind::InternetJitter, 3), 4'000'003);
    EXPECT_EQ(RandomStream(StreamKind::BackboneJitter, 250), 5'000'250);
    EXPECT_EQ(RandomStream(StreamKind::ProbeLoss, 0), 9'000'000);
    EXPECT_EQ(RandomStream(StreamKind::FlowSender, 1'000'000), 11'000'000);
}

TEST(RandomStreamsTest, NoTwoKindsShareAStreamBeyondTheirRoom)
{
    // Before: request/response record 500,000 drew its arrivals from the stream of the first
    // internet connection's jitter (4,000,000), and record 1,000,000 from the backbone's.
    EXPECT_NE(RandomStream(StreamKind::RequestResponse, 2 * 500'000),
              RandomStream(StreamKind::InternetJitter, 0));
    EXPECT_NE(RandomStream(StreamKind::RequestResponse, 2 * 1'000'000),
              RandomStream(StreamKind::BackboneJitter, 0));

    // Every kind's first indices, the last of its room, the first beyond and far beyond.
    std::map<int64_t, std::pair<int, uint64_t>> owner;
    const std::vector<uint64_t> probes = {0,         1,          999'999,       1'000'000,
                                          1'999'999, 2'000'000,  3'999'999,     4'000'000,
                                          9'000'000, 10'000'000, 1ull << 32,    (1ull << 40) - 1};
    for (std::size_t k = 0; k < kKinds.size(); ++k)
    {
        for (uint64_t i : probes)
        {
            const int64_t s = RandomStream(kKinds[k], i);
            EXPECT_GE(s, 0);
            EXPECT_LT(s, int64_t{1} << 62); // ns-3 reserves 2^63 streams for fixed assignment
            const auto [it, fresh] = owner.emplace(s, std::make_pair(static_cast<int>(k), i));
            EXPECT_TRUE(fresh) << "stream " << s << " of kind " << k << " index " << i
                               << " is also kind " << it->second.first << " index "
                               << it->second.second;
        }
    }
}
