// SPDX-License-Identifier: GPL-2.0-only
// The quiescent control plane (doc/engines.md): the failure scenarios of the failure tests run
// with and without it, and detection and convergence come out the same; in steady state it
// sends (almost) no BFD or KEEPALIVE packets.
#include "expressroute-bfd.h"
#include "expressroute-bgp-session.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-enterprise-generator.h"
#include "expressroute-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
CircuitText(const std::string& name,
            const std::string& location,
            const std::string& subnet,
            bool bfd = true)
{
    return R"({"name": ")" + name + R"(", "site": "hq", "provider": "prov", "peeringLocation": ")" +
           location + R"(", "tier": "Standard", "bandwidth": "1Gbps",
      "peerings": [{"type": "AzurePrivate", "subnet": ")" + subnet + R"(", "vlan": 100, "bfd": )" +
           (bfd ? "true" : "false") + R"(}], "vnetLinks": [{"vnet": "v1"}]})";
}

/// One site in Frankfurt, VNet v1 in Germany West Central, a probe every 100 ms.
std::string
ScenarioJson(const std::string& circuits, const std::string& failures)
{
    return R"({
  "name": "quiescent",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [)" + circuits + R"(],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}}],
  "probes": [{"name": "p1", "site": "hq", "vnet": "v1", "interval": "100ms"}],
  "failures": [)" + failures + R"(]
})";
}

const std::string kFra = CircuitText("c1", "Frankfurt", "192.168.10.0/29");
const std::string kAms = CircuitText("c2", "Amsterdam", "192.168.20.0/29");

/// What one run gives, in seconds after the failure started.
struct Outcome
{
    std::optional<double> detection;   ///< first BFD session or BGP session going down
    std::optional<double> convergence; ///< last route change before the failure clears
    std::optional<double> restored;    ///< last route change after it clears
    double outage{0};                  ///< longest probe outage
    uint32_t sessionsQuiescent{0};     ///< BFD and BGP sessions quiescent just before it
    uint32_t sessions{0};              ///< BFD and established BGP sessions then
    std::vector<std::pair<int64_t, std::string>> events; ///< every BFD, BGP and route event (ns)
};

class QuiescentTest : public test::ScenarioRunTest
{
  protected:
    /// Runs @p json for @p duration with the quiescent control plane on or off.
    Outcome Measure(const std::string& json, Time duration, bool quiescent)
    {
        Simulator::Destroy();
        Config::Reset();
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(m_run);
        for (const auto& [name, value] : m_defaults)
        {
            Config::SetDefault(name, *value);
        }
        Config::SetDefault("ns3::expressroute::BfdAgent::Quiescent", BooleanValue(quiescent));
        Config::SetDefault("ns3::expressroute::BgpSession::Quiescent", BooleanValue(quiescent));
        Outcome out;
        const Time start = FailureStart(json);
        test::RunSpec spec;
        spec.duration = duration;
        spec.actions = {{start - MilliSeconds(1), [this, &out]() { CountQuiescent(out); }}};
        RunFor(json, spec);
        // The first failure's window: from its start to its clearing, then to the next start.
        std::optional<Time> cleared;
        Time next = Time::Max();
        for (const auto& e : m_recorder->GetFailureEvents())
        {
            if (e.event == "FailureCleared" && !cleared)
            {
                cleared = e.time;
            }
            else if (e.event == "FailureStarted" && e.time > start && next == Time::Max())
            {
                next = e.time;
            }
        }
        for (const auto& e : m_recorder->GetBgpEvents())
        {
            const bool down = (e.event == "bfd-state" && e.detail.rfind("Up>Down", 0) == 0) ||
                              (e.event == "session-state" && e.detail.rfind("Established>", 0) == 0);
            if (down && e.time >= start && !out.detection)
            {
                out.detection = (e.time - start).GetSeconds();
            }
        }
        for (const auto& r : m_recorder->GetRouteChanges())
        {
            if (r.time >= start && (!cleared || r.time < *cleared) && r.time < next)
            {
                out.convergence = (r.time - start).GetSeconds();
            }
            else if (cleared && r.time >= *cleared && r.time < next)
            {
                out.restored = (r.time - *cleared).GetSeconds();
            }
        }
        out.outage = m_pairs.at(0).longestOutageS;
        for (const auto& e : m_recorder->GetBgpEvents())
        {
            out.events.emplace_back(e.time.GetNanoSeconds(),
                                    e.router + " " + e.peer + " " + e.event + " " + e.detail);
        }
        for (const auto& r : m_recorder->GetRouteChanges())
        {
            out.events.emplace_back(r.time.GetNanoSeconds(),
                                    r.router + " " + r.prefix + " " + r.nextHops + " " + r.reason);
        }
        return out;
    }

    void CountQuiescent(Outcome& out) const
    {
        for (uint32_t id : m_topology->GetNodeIds())
        {
            if (auto bfd = m_topology->GetBfdAgent(id))
            {
                for (uint32_t s = 0; s < bfd->GetSessionCount(); ++s)
                {
                    ++out.sessions;
                    out.sessionsQuiescent += bfd->IsQuiescent(s);
                }
            }
            if (auto speaker = m_topology->GetBgpSpeaker(id))
            {
                for (uint32_t p = 0; p < speaker->GetPeerCount(); ++p)
                {
                    auto session = speaker->GetSession(p);
                    if (session->IsEstablished())
                    {
                        ++out.sessions;
                        out.sessionsQuiescent += session->IsQuiescent();
                    }
                }
            }
        }
    }

    /// "" if the same events happened within 1 µs of each other, else the first that differs.
    static std::string FirstDifference(const std::vector<std::pair<int64_t, std::string>>& a,
                                       const std::vector<std::pair<int64_t, std::string>>& b)
    {
        auto show = [](const auto& list, std::size_t i) {
            return i < list.size() ? std::to_string(list[i].first) + " ns " + list[i].second
                                   : std::string("(none)");
        };
        for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i)
        {
            if (i >= a.size() || i >= b.size() || a[i].second != b[i].second ||
                std::abs(a[i].first - b[i].first) > 1000)
            {
                return "event " + std::to_string(i) + ": packets '" + show(a, i) +
                       "', quiescent '" + show(b, i) + "'";
            }
        }
        return "";
    }

    /// The first failure's start, in scenario time.
    Time FailureStart(const std::string& json) const
    {
        return LoadText(json).failures.at(0).start;
    }

    /// Runs off then on, and checks that they agree within 10 % or 0.3 s.
    /// Runs off then on: every session quiescent before the failure, and the same events.
    void ExpectSameEvents(const std::string& json, Time duration)
    {
        const Outcome off = Measure(json, duration, false);
        const Outcome on = Measure(json, duration, true);
        EXPECT_GT(on.sessions, 0u);
        EXPECT_EQ(on.sessionsQuiescent, on.sessions) << "on: every session quiescent before the failure";
        EXPECT_EQ(FirstDifference(off.events, on.events), "")
            << "every BFD, BGP and route event as with packets";
        EXPECT_EQ(off.outage, on.outage);
    }

    void ExpectSameAnswers(const std::string& json, Time duration, bool expectRestored = false)
    {
        const Outcome off = Measure(json, duration, false);
        const Outcome on = Measure(json, duration, true);
        auto close = [](double a, double b) {
            return std::abs(a - b) <= std::max(0.1 * std::abs(a), 0.3);
        };
        ASSERT_TRUE(off.detection && on.detection)
            << "the failure is detected in both runs: " << off.detection.has_value() << on.detection.has_value();
        ASSERT_TRUE(off.convergence && on.convergence) << "routes change in both runs";
        RecordProperty("detection_s", std::to_string(*off.detection) + " / " + std::to_string(*on.detection));
        RecordProperty("convergence_s", std::to_string(*off.convergence) + " / " + std::to_string(*on.convergence));
        RecordProperty("outage_s", std::to_string(off.outage) + " / " + std::to_string(on.outage));
        EXPECT_EQ(off.sessionsQuiescent, 0u) << "off: nothing quiescent";
        EXPECT_GT(on.sessions, 0u);
        EXPECT_EQ(on.sessionsQuiescent, on.sessions) << "on: every session quiescent before the failure";
        EXPECT_TRUE(close(*off.detection, *on.detection))
            << "detection " << *off.detection << " s with packets, " << *on.detection << " s quiescent";
        EXPECT_TRUE(close(*off.convergence, *on.convergence))
            << "convergence " << *off.convergence << " s with packets, " << *on.convergence << " s quiescent";
        EXPECT_TRUE(close(off.outage, on.outage))
            << "outage " << off.outage << " s with packets, " << on.outage << " s quiescent";
        // Stronger than the goal: the same jitter draws make the same events at the same times
        // (a KEEPALIVE's delay is measured on an earlier one: it may differ by a nanosecond).
        EXPECT_EQ(FirstDifference(off.events, on.events), "")
            << "every BFD, BGP and route event as with packets";
        if (expectRestored)
        {
            ASSERT_TRUE(off.restored && on.restored) << "routes come back in both runs";
            RecordProperty("restored_s", std::to_string(*off.restored) + " / " + std::to_string(*on.restored));
            EXPECT_TRUE(close(*off.restored, *on.restored))
                << "restoration " << *off.restored << " s with packets, " << *on.restored << " s quiescent";
        }
    }

    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_defaults;
    uint64_t m_run{1};
};

} // namespace

TEST_F(QuiescentTest, SilentLinkFailureWithBfdIsDetectedAndConvergesAsWithPackets)
{
    ExpectSameAnswers(
        ScenarioJson(kFra, R"({"kind": "LinkFailure", "target": "c1/primary", "start": "4s", "duration": "6s"},
                              {"kind": "LinkFailure", "target": "c1/secondary", "start": "40s", "duration": "5s"})"),
        Seconds(60),
        true);
}

TEST_F(QuiescentTest, SilentLinkFailureWithoutBfdExpiresTheHoldTimerAsWithPackets)
{
    // Shortened timers, as in FailoverTest: hold 10 s, keepalive 3 s.
    m_defaults = {{"ns3::expressroute::Peering::HoldTime", Create<TimeValue>(Seconds(10))},
                  {"ns3::expressroute::Peering::KeepaliveTime", Create<TimeValue>(Seconds(3))}};
    ExpectSameAnswers(
        ScenarioJson(CircuitText("c1", "Frankfurt", "192.168.10.0/29", false),
                     R"({"kind": "LinkFailure", "target": "c1/primary", "start": "5s"})"),
        Seconds(20));
}

TEST_F(QuiescentTest, MseeFailureIsDetectedAndConvergesAsWithPackets)
{
    ExpectSameAnswers(
        ScenarioJson(kFra, R"({"kind": "MseeFailure", "target": "Frankfurt/primary", "start": "4s", "duration": "5s"})"),
        Seconds(25),
        true);
}

TEST_F(QuiescentTest, PeeringLocationOutageIsDetectedAndConvergesAsWithPackets)
{
    ExpectSameAnswers(
        ScenarioJson(kFra + "," + kAms,
                     R"({"kind": "PeeringLocationOutage", "target": "Frankfurt", "start": "45s", "duration": "5s"})"),
        Seconds(70),
        true);
}

TEST_F(QuiescentTest, SilentLinkFailureGivesTheSameEventsForEveryRunNumber)
{
    // Other run numbers, other jitter: the virtual schedules follow each, failing at an odd time.
    const std::string json = ScenarioJson(
        kFra + "," + kAms,
        R"({"kind": "LinkFailure", "target": "c2/secondary", "start": "6.123s", "duration": "7s"})");
    for (m_run = 2; m_run <= 6; ++m_run)
    {
        SCOPED_TRACE("run " + std::to_string(m_run));
        ExpectSameAnswers(json, Seconds(20), true);
    }
}

TEST_F(QuiescentTest, GeneratedEnterpriseOutageAtThePeakGivesTheSameEvents)
{
    // Four sites, eight circuits at several locations: agents with several sessions each, whose
    // jitter draws interleave. Traffic off (probes stay), the busiest location fails at the peak.
    EnterpriseOptions options;
    options.sites = 4;
    options.duration = Seconds(30);
    options.failureAtPeak = true;
    options.failureDuration = Seconds(6);
    auto scenario = nlohmann::json::parse(GenerateEnterprise(options, m_geography).scenarioJson);
    scenario.erase("traffic");
    ExpectSameAnswers(scenario.dump(), Seconds(30), true);
}

TEST_F(QuiescentTest, PolicyNotificationAndPrefixFailuresGiveTheSameEvents)
{
    // Failures that act on no link: a NOTIFICATION, a drain (UPDATEs), more prefixes than the
    // limit (UPDATEs, then Cease), and a region whose gateway goes away (multihop sessions).
    m_defaults = {{"ns3::expressroute::Msee::IdleHoldTime", Create<TimeValue>(Seconds(3))}};
    for (const char* failure :
         {R"({"kind": "BgpSessionReset", "target": "c1/primary/AzurePrivate", "start": "4s"})",
          R"({"kind": "MaintenanceDrain", "target": "c1/primary", "start": "4s", "duration": "10s"})",
          R"({"kind": "PrefixLimitBreach", "target": "c1", "start": "4s", "duration": "3s", "prefixes": 4001})",
          R"({"kind": "RegionOutage", "target": "Germany West Central", "start": "4s", "duration": "5s"})"})
    {
        SCOPED_TRACE(failure);
        ExpectSameEvents(ScenarioJson(kFra, failure), Seconds(30));
    }
}

TEST_F(QuiescentTest, LossyLinksKeepTheirSessionsAwakeAndFlapAsWithPackets)
{
    // 60 % loss on the primary for 20 s: BFD misses three in a row now and then, in the same
    // way with and without quiescence, because the lossy link's sessions keep sending packets.
    ExpectSameAnswers(
        ScenarioJson(kFra, R"({"kind": "Degradation", "target": "c1/primary", "start": "4s", "duration": "20s", "lossRate": 0.6})"),
        Seconds(30));
}

TEST_F(QuiescentTest, SteadyStateSendsNoBfdOrKeepalivePackets)
{
    // Keepalives every 3 s (hold 10 s) so that they count next to BFD's.
    auto count = [this](uint64_t& bfd, uint64_t& keepalives) {
        return [this, &bfd, &keepalives]() {
            bfd = 0;
            keepalives = 0;
            for (uint32_t id : m_topology->GetNodeIds())
            {
                if (auto agent = m_topology->GetBfdAgent(id))
                {
                    bfd += agent->GetPacketsSent();
                }
                if (auto speaker = m_topology->GetBgpSpeaker(id))
                {
                    for (uint32_t p = 0; p < speaker->GetPeerCount(); ++p)
                    {
                        keepalives += speaker->GetSession(p)->GetKeepalivesSent();
                    }
                }
            }
        };
    };
    const std::string json = ScenarioJson(kFra + "," + kAms, "");
    uint64_t sent[2][2][2] = {}; // [quiescent][at 0 s, at 60 s][bfd, keepalives]
    for (int q = 0; q < 2; ++q)
    {
        Simulator::Destroy();
        Config::Reset();
        Config::SetDefault("ns3::expressroute::Peering::HoldTime", TimeValue(Seconds(10)));
        Config::SetDefault("ns3::expressroute::Peering::KeepaliveTime", TimeValue(Seconds(3)));
        Config::SetDefault("ns3::expressroute::BfdAgent::Quiescent", BooleanValue(q == 1));
        Config::SetDefault("ns3::expressroute::BgpSession::Quiescent", BooleanValue(q == 1));
        test::RunSpec spec;
        spec.duration = Seconds(60);
        spec.actions = {{Seconds(0), count(sent[q][0][0], sent[q][0][1])},
                        {Seconds(60), count(sent[q][1][0], sent[q][1][1])}};
        RunFor(json, spec);
    }
    const uint64_t bfdOff = sent[0][1][0] - sent[0][0][0];
    const uint64_t kaOff = sent[0][1][1] - sent[0][0][1];
    const uint64_t bfdOn = sent[1][1][0] - sent[1][0][0];
    const uint64_t kaOn = sent[1][1][1] - sent[1][0][1];
    RecordProperty("bfd_packets_60s", std::to_string(bfdOff) + " / " + std::to_string(bfdOn));
    RecordProperty("keepalives_60s", std::to_string(kaOff) + " / " + std::to_string(kaOn));
    // 8 BFD sessions at 300 ms less 0-25 % jitter: about 60 / 0.2625 x 8 = 1,830 packets.
    EXPECT_GT(bfdOff, 1500u) << "with packets, BFD sends every 225-300 ms on each session";
    EXPECT_GT(kaOff, 100u) << "with packets, a keepalive every 3 s on each session";
    EXPECT_EQ(bfdOn, 0u) << "quiescent: nothing changes, no BFD packet";
    EXPECT_EQ(kaOn, 0u) << "quiescent: no KEEPALIVE";
    EXPECT_EQ(m_pairs.at(0).probesLost, 0u) << "and the probes still get through";
}
