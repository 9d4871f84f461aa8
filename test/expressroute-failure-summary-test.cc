// SPDX-License-Identifier: GPL-2.0-only
// SummariseFailures on hand-made records (no simulator), with the numbers of two runs a review
// found answered falsely: three prefix-limit breaches that start at the same instant, of which
// one tears nothing down, were each told the sessions and detection of the others; and a pair
// that keeps its path through a congested circuit link and loses 9 of 12 probes between answered
// ones was told "no path until the end".
#include "expressroute-failure-summary.h"
#include "expressroute-run-summary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// One probe of @p probe at @p t seconds, answered in @p rttMs or lost (rttMs < 0).
ProbeRecord
Probe(const std::string& probe, uint32_t seq, double t, double rttMs)
{
    ProbeRecord r;
    r.probe = probe;
    r.site = probe + "-site";
    r.vnet = "hub";
    r.seq = seq;
    r.sent = Seconds(t);
    r.success = rttMs >= 0;
    r.rtt = r.success ? MicroSeconds(static_cast<int64_t>(rttMs * 1e3)) : Time(0);
    return r;
}

/// A customer's session of circuit @p circuit going down at its CE and at the MSEE, as a
/// prefix-limit breach does (Cease at the MSEE, NOTIFICATION received at the CE).
void
TornDown(std::vector<BgpEventRecord>& bgp, const std::string& circuit, double msee, double ce)
{
    for (const char* role : {"primary", "secondary"})
    {
        const std::string peer = circuit + "/" + role + "/AzurePrivate";
        bgp.push_back({Seconds(msee), std::string("msee/Amsterdam/") + role, peer,
                       "notification-sent", "Cease / Maximum Number of Prefixes Reached"});
        bgp.push_back({Seconds(msee), std::string("msee/Amsterdam/") + role, peer,
                       "session-state", "Established>Idle"});
        bgp.push_back({Seconds(ce), "site/" + circuit + "-site/ce1", peer,
                       "notification-received", "Cease / Maximum Number of Prefixes Reached"});
        bgp.push_back({Seconds(ce), "site/" + circuit + "-site/ce1", peer, "session-state",
                       "Established>Idle"});
    }
}

/// The reach of a prefix-limit breach of circuit @p circuit started at @p start whose probe
/// (named as the circuit) had path @p before, @p during and @p after.
FailureReach
CircuitReach(const std::string& circuit,
             double start,
             const std::string& before,
             const std::string& during,
             const std::string& after)
{
    FailureReach r;
    r.kind = "PrefixLimitBreach";
    r.target = circuit;
    r.startS = start;
    r.known = true;
    r.circuitLinks = {circuit + "/primary", circuit + "/secondary"};
    r.probes = {circuit};
    r.movedKnown = true;
    // Every failure's look-up traces every probe: the same path kinds in each.
    r.pathKinds["std"] = {before, before, ""};
    r.pathKinds["prem"] = {before, during, after};
    r.pathKinds["loc"] = {before, during, during};
    return r;
}

/// The probes of the overload run: to-ergw1az every 250 ms over 6 s; from 3 s, when the
/// secondary link fails and the primary is full, the probes at 3, 3.5, 4 s and from 4.5 s to the
/// end are lost (26 ms answers in between); 3.25 ms answers before.
std::vector<ProbeRecord>
OverloadProbes()
{
    std::vector<ProbeRecord> probes;
    for (uint32_t seq = 0; seq < 24; ++seq)
    {
        const double t = 0.25 * seq;
        const bool lost = seq == 12 || seq == 14 || seq == 16 || seq >= 18;
        auto p = Probe("to-ergw1az", seq, t, lost ? -1 : (t < 3 ? 3.25 : 26.0));
        p.site = "hq";
        p.vnet = "app-ergw1az";
        probes.push_back(p);
    }
    return probes;
}

const FailureSummary&
Of(const std::vector<FailureSummary>& all, const std::string& target)
{
    for (const auto& f : all)
    {
        if (f.target == target)
        {
            return f;
        }
    }
    ADD_FAILURE() << "no failure of " << target;
    return all.front();
}

} // namespace

// Three sites at Amsterdam, 90 s: at 2 s `std` (Standard, 3,999 prefixes: within its
// limit), `prem` (10,000 on Premium, 5 s) and `loc` (4,000 on Local, 70 s) break together; the
// MSEEs tear down loc's sessions (CE at 2.000673 s) and prem's (2.001057 s), never std's. std was
// told "detected in 0.00 s (BGP at site/loc-site/ce1 ...), sessions down on loc, prem".
TEST(FailureSummary, FailuresStartedTogetherAreToldApartByTheCircuitsTheyReach)
{
    const std::vector<FailureEventRecord> events{
        {Seconds(2), "FailureStarted", "PrefixLimitBreach", "std", "prefixes=3999 scope=circuit"},
        {Seconds(2), "FailureStarted", "PrefixLimitBreach", "prem", "prefixes=10000 scope=circuit"},
        {Seconds(2), "FailureStarted", "PrefixLimitBreach", "loc", "prefixes=4000 scope=circuit"},
        {Seconds(7), "FailureCleared", "PrefixLimitBreach", "prem", ""},
        {Seconds(72), "FailureCleared", "PrefixLimitBreach", "loc", ""}};
    std::vector<BgpEventRecord> bgp;
    TornDown(bgp, "loc", 2.000522, 2.000673);
    TornDown(bgp, "prem", 2.000906, 2.001057);
    // Every breach's prefixes are installed at once: route changes nobody can tell apart.
    const std::vector<RouteRecord> routes{
        {Seconds(2), "site/std-site/ce1", "100.64.0.0/32", "local", "only-route"},
        {Seconds(2.006523), "vnet/hub/gateway", "10.23.0.0/16", "", "withdrawn"}};
    std::vector<ProbeRecord> probes;
    for (uint32_t s = 0; s < 90; ++s)
    {
        probes.push_back(Probe("std", s, s, 2.141));
        probes.push_back(Probe("prem", s, s, s >= 2 && s < 63 ? -1 : 2.141));
        probes.push_back(Probe("loc", s, s, s >= 2 ? -1 : 2.141));
    }
    const std::string er = "ExpressRoute via Amsterdam";
    const std::vector<FailureReach> reach{CircuitReach("std", 2, er, "no path", er),
                                          CircuitReach("prem", 2, er, "no path", er),
                                          CircuitReach("loc", 2, er, "no path", "no path")};
    const auto all = SummariseFailures(events, bgp, routes, probes, {}, Seconds(90), reach);
    ASSERT_EQ(all.size(), 3u);

    const auto& standard = Of(all, "std");
    EXPECT_TRUE(standard.circuitsDown.empty())
        << "std's sessions stayed up; loc's and prem's are theirs";
    EXPECT_FALSE(standard.detectionS.has_value())
        << "nothing on std's circuit reacted: " << standard.detectedBy;
    EXPECT_EQ(standard.detectedBy, "");
    EXPECT_TRUE(standard.pairs.empty())
        << "loc's path change is loc's: " << standard.pairs.size() << " pairs";
    EXPECT_EQ(standard.startedWith,
              (std::vector<std::string>{"PrefixLimitBreach prem", "PrefixLimitBreach loc"}));
    const std::string headline = FormatFailureHeadline(standard);
    EXPECT_NE(headline.find("not seen by the customer"), std::string::npos) << headline;
    EXPECT_EQ(headline.find("sessions down"), std::string::npos) << headline;
    EXPECT_NE(headline.find("; started with PrefixLimitBreach prem, PrefixLimitBreach loc, whose "
                            "route changes and traffic moves it shares"),
              std::string::npos)
        << headline;
    EXPECT_TRUE(standard.convergenceS.has_value()) << "route changes stay shared";

    const auto& prem = Of(all, "prem");
    EXPECT_EQ(prem.circuitsDown, std::vector<std::string>{"prem"});
    ASSERT_TRUE(prem.detectionS.has_value());
    EXPECT_NEAR(*prem.detectionS, 0.001057, 1e-6) << "prem's own CE, not loc's at 0.000673 s";
    EXPECT_EQ(prem.detectedBy, "BGP at site/prem-site/ce1 (prem/primary/AzurePrivate)");
    ASSERT_EQ(prem.pairs.size(), 1u) << "prem's pair only, not loc's";
    EXPECT_EQ(prem.pairs[0].probe, "prem");
    EXPECT_EQ(prem.probesLost, 61u);

    const auto& loc = Of(all, "loc");
    EXPECT_EQ(loc.circuitsDown, std::vector<std::string>{"loc"});
    ASSERT_TRUE(loc.detectionS.has_value());
    EXPECT_NEAR(*loc.detectionS, 0.000673, 1e-6);
    EXPECT_EQ(loc.detectedBy, "BGP at site/loc-site/ce1 (loc/primary/AzurePrivate)");
    EXPECT_EQ(loc.startedWith,
              (std::vector<std::string>{"PrefixLimitBreach std", "PrefixLimitBreach prem"}));
}

// Both links of chi fail at 5 s; the CE's BFD notices both sessions at 5.66 s. Each failure is
// detected on the session its own link carries (both were told chi/primary's, the first listed).
TEST(FailureSummary, TwoLinksOfOneCircuitFailingTogetherAreEachDetectedOnTheirOwnSession)
{
    const std::vector<FailureEventRecord> events{
        {Seconds(5), "FailureStarted", "LinkFailure", "chi/primary", "links=1 mode=Silent"},
        {Seconds(5), "FailureStarted", "LinkFailure", "chi/secondary", "links=1 mode=Silent"}};
    std::vector<BgpEventRecord> bgp;
    for (const char* role : {"primary", "secondary"})
    {
        bgp.push_back({Seconds(5.66), "site/chi-dc/ce1",
                       std::string("chi/") + role + "/AzurePrivate", "bfd-state", "Up>Down"});
    }
    std::vector<FailureReach> reach(2);
    for (int k = 0; k < 2; ++k)
    {
        reach[k].kind = "LinkFailure";
        reach[k].target = k ? "chi/secondary" : "chi/primary";
        reach[k].startS = 5;
        reach[k].known = true;
        reach[k].circuitLinks = {reach[k].target};
    }
    const auto f = SummariseFailures(events, bgp, {}, {}, {}, Seconds(10), reach);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].detectedBy, "BFD at site/chi-dc/ce1 (chi/primary/AzurePrivate)");
    EXPECT_EQ(f[1].detectedBy, "BFD at site/chi-dc/ce1 (chi/secondary/AzurePrivate)");
    ASSERT_TRUE(f[1].detectionS.has_value());
    EXPECT_NEAR(*f[1].detectionS, 0.66, 1e-9);
}

// Where reach cannot tell (a kind that cannot say what it acts on), or a failure starts alone,
// the time rule stands: the session goes to the failure(s) that started last.
TEST(FailureSummary, WithoutAKnownReachOrAloneASessionGoesByTheTimeRule)
{
    std::vector<BgpEventRecord> bgp;
    TornDown(bgp, "b", 5.1, 5.2);
    FailureReach onA;
    onA.kind = "LinkFailure";
    onA.target = "a/primary";
    onA.startS = 5;
    onA.known = true;
    onA.circuitLinks = {"a/primary"};
    FailureReach reset; // a BGP session reset cannot say what it acts on
    reset.kind = "BgpSessionReset";
    reset.target = "b";
    reset.startS = 5;

    // Together: b's sessions are the reset's, whose reach is unknown, not the link failure's.
    const std::vector<FailureEventRecord> together{
        {Seconds(5), "FailureStarted", "LinkFailure", "a/primary", ""},
        {Seconds(5), "FailureStarted", "BgpSessionReset", "b", ""}};
    const auto both = SummariseFailures(together, bgp, {}, {}, {}, Seconds(10), {onA, reset});
    ASSERT_EQ(both.size(), 2u);
    EXPECT_TRUE(both[0].circuitsDown.empty());
    EXPECT_FALSE(both[0].detectionS.has_value());
    EXPECT_EQ(both[1].circuitsDown, std::vector<std::string>{"b"});
    EXPECT_EQ(both[1].detectedBy, "BGP at site/b-site/ce1 (b/primary/AzurePrivate)");

    // Alone: whatever went down while it was the latest to start is its own.
    const std::vector<FailureEventRecord> alone{
        {Seconds(5), "FailureStarted", "LinkFailure", "a/primary", ""}};
    const auto one = SummariseFailures(alone, bgp, {}, {}, {}, Seconds(10), {onA});
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].circuitsDown, std::vector<std::string>{"b"});
    EXPECT_TRUE(one[0].startedWith.empty());
    EXPECT_EQ(FormatFailureHeadline(one[0]).find("started with"), std::string::npos);
}

// An outage that no probe answered again lasts until the run ended, as an answered one lasts
// until its answer: each lost probe stands for its interval. The last six probes of the overload
// run (4.5 s to 5.75 s, the run ending at 6 s) were 1.25 s (until the last was sent), so that
// nine lost probes at 250 ms made 2.00 s; and a single lost last probe made an outage of 0 s.
TEST(FailureSummary, AnOutageNotAnsweredAgainLastsUntilTheEndOfTheRun)
{
    const auto probes = OverloadProbes();
    const auto pairs = SummarisePairs(probes, {}, {"to-ergw1az"}, Seconds(6));
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_EQ(pairs[0].outages, 4u);
    EXPECT_DOUBLE_EQ(pairs[0].longestOutageS, 1.5) << "4.5 s until the end at 6 s";

    const std::vector<FailureEventRecord> events{
        {Seconds(3), "FailureStarted", "LinkFailure", "fra-10g/secondary", "links=1"}};
    const auto f = SummariseFailures(events, {}, {}, probes, {}, Seconds(6));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].probesLost, 9u);
    EXPECT_DOUBLE_EQ(f[0].longestOutageS, 1.5);
    ASSERT_EQ(f[0].pairs.size(), 1u);
    EXPECT_DOUBLE_EQ(f[0].pairs[0].lostS, 2.25) << "9 lost probes of 250 ms";

    std::vector<ProbeRecord> lastLost(probes.begin(), probes.begin() + 23);
    lastLost.push_back(Probe("to-ergw1az", 23, 5.75, -1));
    lastLost[18].success = lastLost[19].success = lastLost[20].success = lastLost[21].success =
        lastLost[22].success = true;
    const auto one = SummarisePairs(lastLost, {}, {"to-ergw1az"}, Seconds(6));
    EXPECT_DOUBLE_EQ(one[0].longestOutageS, 0.25) << "a lost last probe is not an outage of 0 s";
}

namespace
{

/// The overload run's failure: fra-10g/secondary fails (Signalled) at 3 s and never clears.
const std::vector<FailureEventRecord> kOverloadFailure{
    {Seconds(3), "FailureStarted", "LinkFailure", "fra-10g/secondary", "links=1 mode=Signalled"}};

/// Its links.csv: 50 Mbps links, the primary full throughout, the secondary at 92 % until it
/// fails.
std::vector<LinkSample>
OverloadLinks()
{
    std::vector<LinkSample> links;
    for (int t = 0; t < 6; ++t)
    {
        for (const char* role : {"primary", "secondary"})
        {
            LinkSample s;
            s.start = Seconds(t);
            s.end = Seconds(t + 1);
            s.circuit = "fra-10g";
            s.role = role;
            s.peeringLocation = "Frankfurt";
            s.rateBps = 50000000;
            s.bitsIn = std::string(role) == "primary" ? 50000000 : (t < 3 ? 45946752 : 0);
            links.push_back(s);
        }
    }
    return links;
}

/// Its reach: the probe crossed fra-10g/primary before and during, on ExpressRoute throughout
/// (or "no path" during, with @p noPathDuring).
FailureReach
OverloadReach(bool noPathDuring = false)
{
    FailureReach r;
    r.kind = "LinkFailure";
    r.target = "fra-10g/secondary";
    r.startS = 3;
    r.known = true;
    r.circuitLinks = {"fra-10g/secondary"};
    r.probes = {"to-ergw1az"};
    r.movedKnown = true;
    r.pathKinds["to-ergw1az"] = {"ExpressRoute via Frankfurt",
                                 noPathDuring ? "no path" : "ExpressRoute via Frankfurt", ""};
    r.linksDuring["to-ergw1az"] = {"fra-10g/primary"};
    return r;
}

} // namespace

// The overload run: to-ergw1az keeps its path over fra-10g/primary, now full, and loses 9 of
// its 12 probes from 3 s with answers in between (the last six until the end). It was told
// "ExpressRoute via Frankfurt -> no path until the end (lost 2.00 s, 9 probes ...)" and the
// headline "no path until the end for to-ergw1az".
TEST(FailureSummary, APairAnsweredBetweenLossesOnItsPathLostProbesNotThePath)
{
    const auto f = SummariseFailures(kOverloadFailure, {}, {}, OverloadProbes(), OverloadLinks(),
                                     Seconds(6), {OverloadReach()});
    ASSERT_EQ(f.size(), 1u);
    ASSERT_EQ(f[0].pairs.size(), 1u);
    const auto& p = f[0].pairs[0];
    EXPECT_FALSE(p.noPathUntilCleared) << "answered at 3.25, 3.75 and 4.25 s on its path";
    EXPECT_EQ(p.probesLost, 9u);
    EXPECT_EQ(p.probesSent, 12u) << "3 s to 5.75 s every 250 ms";
    EXPECT_EQ(p.outages, 4u);
    EXPECT_DOUBLE_EQ(p.lostS, 2.25);
    EXPECT_EQ(p.congestedLinks, std::vector<std::string>{"fra-10g/primary"});
    ASSERT_TRUE(p.rttDuringMs.has_value()) << "its answers during the failure have an RTT";
    EXPECT_NEAR(*p.rttDuringMs, 26.0, 0.01);
    EXPECT_EQ(FormatFailurePair(p),
              "to-ergw1az (hq -> app-ergw1az): stayed on ExpressRoute via Frankfurt; lost 9 of 12 "
              "probes to congestion on fra-10g/primary in 4 outages (2.25 s without answers, the "
              "last until the end); RTT 3.25 ms -> 26.00 ms");
    const std::string headline = FormatFailureHeadline(f[0]);
    EXPECT_EQ(headline.find("no path"), std::string::npos) << headline;
    EXPECT_NE(headline.find("9 probes lost (longest outage 1.50 s; pair to-ergw1az), path kept but "
                            "probes lost to congestion for to-ergw1az"),
              std::string::npos)
        << headline;

    // Without a congested link on its path, the loss is still not "no path".
    auto quiet = OverloadReach();
    quiet.linksDuring.clear();
    const auto g = SummariseFailures(kOverloadFailure, {}, {}, OverloadProbes(), OverloadLinks(),
                                     Seconds(6), {quiet});
    ASSERT_EQ(g[0].pairs.size(), 1u);
    EXPECT_FALSE(g[0].pairs[0].noPathUntilCleared);
    EXPECT_NE(FormatFailurePair(g[0].pairs[0]).find("; lost 9 of 12 probes in 4 outages"),
              std::string::npos)
        << FormatFailurePair(g[0].pairs[0]);
    EXPECT_NE(FormatFailureHeadline(g[0]).find("path kept but probes lost now and then for "
                                               "to-ergw1az"),
              std::string::npos)
        << FormatFailureHeadline(g[0]);
}

// A real outage stays "no path": every probe lost from the first loss to the end, or losses
// until the end on a path that is "no path".
TEST(FailureSummary, ARealOutageIsStillNoPath)
{
    auto allLost = OverloadProbes();
    for (auto& p : allLost)
    {
        p.success = p.sent < Seconds(3);
    }
    const auto f = SummariseFailures(kOverloadFailure, {}, {}, allLost, OverloadLinks(),
                                     Seconds(6), {OverloadReach()});
    ASSERT_EQ(f[0].pairs.size(), 1u);
    EXPECT_TRUE(f[0].pairs[0].noPathUntilCleared);
    EXPECT_DOUBLE_EQ(f[0].pairs[0].lostS, 3.0) << "3 s to the end at 6 s";
    EXPECT_NE(FormatFailurePair(f[0].pairs[0]).find("-> no path until the end (lost 3.00 s, 12 "
                                                    "probes"),
              std::string::npos)
        << FormatFailurePair(f[0].pairs[0]);

    const auto g = SummariseFailures(kOverloadFailure, {}, {}, OverloadProbes(), OverloadLinks(),
                                     Seconds(6), {OverloadReach(true)});
    ASSERT_EQ(g[0].pairs.size(), 1u);
    EXPECT_TRUE(g[0].pairs[0].noPathUntilCleared) << "its path during was no path";
    EXPECT_NE(FormatFailureHeadline(g[0]).find("no path until the end for to-ergw1az"),
              std::string::npos)
        << FormatFailureHeadline(g[0]);
}

// Before: a failure no customer session saw (a backbone cut, a gateway instance) was "detected in
// 0.00 s (lost probe p)": the time the first lost probe was sent. The customer learns of it when
// the probe times out (ProbeSender::Timeout, 1 s).
TEST(FailureSummary, ALostProbeIsSeenWhenItTimesOut)
{
    const std::vector<FailureEventRecord> events{
        {Seconds(8), "FailureStarted", "BackboneLinkCut", "UK South--West Europe", "links=1"},
        {Seconds(12), "FailureCleared", "BackboneLinkCut", "UK South--West Europe", "links=1"}};
    std::vector<ProbeRecord> probes;
    for (uint32_t k = 0; k < 20; ++k)
    {
        const double t = 0.5 * k;
        probes.push_back(Probe("p", k, t, t >= 8.25 && t < 8.75 ? -1.0 : 22.4));
    }
    FailureReach reach;
    reach.kind = "BackboneLinkCut";
    reach.target = "UK South--West Europe";
    reach.startS = 8;
    reach.known = true;
    reach.probes = {"p"};
    const auto f = SummariseFailures(events, {}, {}, probes, {}, Seconds(10), {reach});
    ASSERT_EQ(f.size(), 1u);
    ASSERT_TRUE(f[0].detectionS.has_value());
    EXPECT_NEAR(*f[0].detectionS, 1.5, 1e-9) << "sent at 8.5 s, timed out at 9.5 s";
    EXPECT_EQ(f[0].detectedBy, "lost probe p");
}
