// SPDX-License-Identifier: GPL-2.0-only
// The BGP decision process (RFC 4271 §9.1): each compare step decides in its order, the reason is
// recorded, and equal routes from one neighbouring AS are installed together.
#include "expressroute-bgp-route.h"

#include <gtest/gtest.h>

using namespace ns3::expressroute;

namespace
{

BgpRoute
Route(uint32_t peer, std::vector<uint32_t> path)
{
    BgpRoute r;
    r.prefix = *Ipv4Prefix::Parse("10.1.0.0/16");
    r.attributes.origin = BgpOrigin::Igp;
    r.attributes.asPath = std::vector<BgpAsPathSegment>{{BgpAsPathSegment::kSequence, path}};
    r.attributes.nextHop = peer;
    r.peerAddress = peer;
    r.peerRouterId = peer;
    r.peerAsn = path.empty() ? 0 : path.front();
    return r;
}

} // namespace

TEST(DecisionProcess, PrefersHigherWeight)
{
    auto a = Route(2, {12076});
    auto b = Route(1, {12076});
    a.weight = 100;
    const auto s = SelectBgpRoutes({b, a}, 1);
    EXPECT_EQ(s.best, 1);
    EXPECT_EQ(s.reason, BgpDecisionStep::Weight);
}

TEST(DecisionProcess, PrefersHigherLocalPref)
{
    auto a = Route(1, {12076, 65515});
    auto b = Route(2, {12076});
    a.attributes.localPref = 200;
    const auto s = SelectBgpRoutes({b, a}, 4);
    EXPECT_EQ(s.best, 1) << "LOCAL_PREF is compared before AS_PATH length";
    EXPECT_EQ(s.reason, BgpDecisionStep::LocalPref);
}

TEST(DecisionProcess, PrefersShorterAsPathSoPrependingDrains)
{
    auto drained = Route(1, {12076, 12076, 12076, 65515});
    auto normal = Route(2, {12076, 65515});
    const auto s = SelectBgpRoutes({drained, normal}, 4);
    EXPECT_EQ(s.best, 1);
    EXPECT_EQ(s.reason, BgpDecisionStep::AsPathLength);
    EXPECT_EQ(s.multipath.size(), 1u) << "the prepended path is not equal-cost";
}

TEST(DecisionProcess, PrefersLowerOrigin)
{
    auto a = Route(1, {12076});
    auto b = Route(2, {12076});
    a.attributes.origin = BgpOrigin::Incomplete;
    EXPECT_EQ(SelectBgpRoutes({a, b}, 1).reason, BgpDecisionStep::Origin);
    EXPECT_EQ(SelectBgpRoutes({a, b}, 1).best, 1);
}

TEST(DecisionProcess, ComparesMedOnlyWithinOneNeighbourAs)
{
    auto a = Route(1, {12076});
    auto b = Route(2, {12076});
    a.attributes.med = 10;
    b.attributes.med = 5;
    EXPECT_EQ(SelectBgpRoutes({a, b}, 1).best, 1);
    EXPECT_EQ(SelectBgpRoutes({a, b}, 1).reason, BgpDecisionStep::Med);
    auto c = Route(3, {64999});
    c.attributes.med = 1000;
    const auto cmp = CompareBgpRoutes(a, c);
    EXPECT_NE(cmp.step, BgpDecisionStep::Med) << "different neighbour ASes: MED is skipped";
}

TEST(DecisionProcess, PrefersEbgpThenLowerIgpCost)
{
    auto a = Route(1, {12076});
    auto b = Route(2, {12076});
    a.ebgp = false;
    EXPECT_EQ(SelectBgpRoutes({a, b}, 1).reason, BgpDecisionStep::EbgpOverIbgp);
    a.ebgp = true;
    a.igpCost = 50;
    b.igpCost = 10;
    EXPECT_EQ(SelectBgpRoutes({a, b}, 1).best, 1);
    EXPECT_EQ(SelectBgpRoutes({a, b}, 1).reason, BgpDecisionStep::IgpCost);
}

TEST(DecisionProcess, TieBreaksOnRouterIdAndInstallsBothLinksAsMultipath)
{
    // The two MSEEs of a circuit advertise the same VNet prefix: active/active.
    auto primary = Route(2, {12076, 65515});
    auto secondary = Route(6, {12076, 65515});
    const auto s = SelectBgpRoutes({secondary, primary}, 4);
    EXPECT_EQ(s.best, 1) << "lower router id";
    ASSERT_EQ(s.multipath.size(), 2u);
    EXPECT_EQ(s.reason, BgpDecisionStep::Multipath);
    EXPECT_EQ(SelectBgpRoutes({secondary, primary}, 1).multipath.size(), 1u) << "maxPaths 1";
}

TEST(DecisionProcess, NoMultipathAcrossNeighbourAses)
{
    auto a = Route(1, {12076, 65515});
    auto b = Route(2, {64999, 65515});
    EXPECT_EQ(SelectBgpRoutes({a, b}, 4).multipath.size(), 1u);
}

TEST(DecisionProcess, SingleAndNoCandidate)
{
    EXPECT_EQ(SelectBgpRoutes({Route(1, {12076})}, 4).reason, BgpDecisionStep::OnlyRoute);
    EXPECT_EQ(SelectBgpRoutes({}, 4).best, -1);
    EXPECT_EQ(ToString(BgpDecisionStep::AsPathLength), "as-path-length");
}
