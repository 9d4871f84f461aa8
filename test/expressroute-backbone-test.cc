// SPDX-License-Identifier: GPL-2.0-only
// The fitted backbone against Microsoft's published P50 inter-region RTT table (June 2024), and
// the same RTT measured with probe packets through the built ns-3 backbone.
#include "expressroute-csv-reader.h"
#include "expressroute-probe.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-topology-builder.h"

#include "ns3/ipv4.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

struct PublishedPair
{
    std::string a;
    std::string b;
    double rttMs;
};

std::vector<PublishedPair>
ReadPublished()
{
    const auto t = CsvTable::Read(EXPRESSROUTE_SOURCE_DIR + "/data/azure-rtt-p50-2024-06.csv");
    std::vector<PublishedPair> out;
    auto fix = [](std::string n) { return n == "Poland North" ? std::string("Poland Central") : n; };
    for (std::size_t i = 0; i < t.Rows(); ++i)
    {
        out.push_back({fix(t.Get(i, "regionA")), fix(t.Get(i, "regionB")), t.GetDouble(i, "rtt_ms")});
    }
    return out;
}

double
Quantile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    const double pos = q * (v.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

} // namespace

using BackboneTest = test::SimulatorTest;

TEST_F(BackboneTest, MatchesPublishedP50TableWithinBounds)
{
    const auto published = ReadPublished();
    ASSERT_EQ(published.size(), 1980u) << "the June 2024 table has 1,980 directional pairs";
    std::vector<double> errors;
    for (const auto& p : published)
    {
        const double model = m_backbone->GetRtt(p.a, p.b).GetSeconds() * 1000.0;
        errors.push_back(std::abs(model - p.rttMs));
    }
    const double median = Quantile(errors, 0.5);
    const double p90 = Quantile(errors, 0.9);
    EXPECT_LE(median, 2.0) << "median absolute error over the published pairs";
    EXPECT_LE(p90, 8.0) << "90th percentile absolute error over the published pairs";
    RecordProperty("median_abs_error_ms", std::to_string(median));
    RecordProperty("p90_abs_error_ms", std::to_string(p90));
}

TEST_F(BackboneTest, EveryRegionReachesEveryOtherSymmetrically)
{
    const auto regions = m_backbone->GetRouters();
    EXPECT_EQ(regions.size(), m_geography->GetRegionNames().size());
    for (const auto& a : regions)
    {
        for (const auto& b : regions)
        {
            if (a < b)
            {
                const Time ab = m_backbone->GetRtt(a, b);
                EXPECT_EQ(ab, m_backbone->GetRtt(b, a)) << a << " - " << b;
                EXPECT_GT(ab, MilliSeconds(0)) << a << " - " << b;
                EXPECT_LT(ab, MilliSeconds(450)) << a << " - " << b;
            }
        }
    }
}

TEST_F(BackboneTest, RegionsAbsentFromTheTableArePredictedFromGeography)
{
    // Austria East (Vienna) is not in the 2024 table: it must sit near Germany West Central
    // (Frankfurt, ~600 km) and far from Australia East.
    const double vienna = m_backbone->GetRtt("Austria East", "Germany West Central").GetSeconds() * 1e3;
    EXPECT_GT(vienna, 5.0);
    EXPECT_LT(vienna, 20.0);
    const double sydney = m_backbone->GetRtt("Austria East", "Australia East").GetSeconds() * 1e3;
    EXPECT_GT(sydney, 220.0);
    EXPECT_LT(sydney, 330.0);
}

TEST_F(BackboneTest, PeeringLocationsJoinTheBackboneAtSeveralNearbyRegions)
{
    // A location in a region's metro hangs on that region (Amsterdam: West Europe, a metro
    // link at the 0.05 ms floor); one between regions on several (Atlanta: the US East and
    // Central regions, the nearest first).
    const auto amsterdam = m_backbone->GetLocationLinks("Amsterdam");
    ASSERT_FALSE(amsterdam.empty());
    EXPECT_EQ(amsterdam.front().region, "West Europe");
    EXPECT_LE(amsterdam.front().delay, MicroSeconds(100));
    const auto atlanta = m_backbone->GetLocationLinks("Atlanta");
    EXPECT_GE(atlanta.size(), 3u) << "several regions, not only the nearest";
    EXPECT_EQ(atlanta.front().region, "East US");
    for (const auto& name : m_geography->GetPeeringLocationNames())
    {
        EXPECT_FALSE(m_backbone->GetLocationLinks(name).empty()) << name;
    }
}

TEST_F(BackboneTest, PeeringLocationLinksNeverShortenARegionPair)
{
    // Entering a location's router from one region and leaving to another is never faster than
    // the backbone path between the two: region RTTs do not depend on the scenario's locations.
    for (const auto& name : m_geography->GetPeeringLocationNames())
    {
        const auto links = m_backbone->GetLocationLinks(name);
        for (const auto& a : links)
        {
            for (const auto& b : links)
            {
                if (a.region < b.region)
                {
                    EXPECT_GE(a.delay + b.delay, m_backbone->GetPathDelay(a.region, b.region))
                        << name << ": " << a.region << " - " << b.region;
                }
            }
        }
    }
}

TEST_F(BackboneTest, PeeringAttachmentErrorsNameTheFileAndTheLocation)
{
    test::TempDir dir("backbone-reader");
    for (const char* f : {"region-access.csv", "backbone-links.csv"})
    {
        std::filesystem::copy_file(std::string(EXPRESSROUTE_SOURCE_DIR + "/data/") + f, dir.Path(f));
    }
    auto readWith = [&](const std::string& rows) -> std::string {
        std::ofstream(dir.Path("peering-attachments.csv"))
            << "peering_location,region,delay_ms\n" << rows;
        try
        {
            ReadBackbone(dir.Path(), m_geography);
        }
        catch (const DataFileError& e)
        {
            return e.what();
        }
        return "";
    };
    const std::string unknown = readWith("Atlantis,West Europe,1.0\n");
    EXPECT_NE(unknown.find("peering-attachments.csv: row 1"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("'Atlantis'"), std::string::npos) << unknown;
    const std::string missing = readWith("Amsterdam,West Europe,0.05\n");
    EXPECT_NE(missing.find("no link for peering location"), std::string::npos) << missing;
}

TEST_F(BackboneTest, ProbePacketsThroughNs3BackboneMeasureTheModelRtt)
{
    const std::vector<std::pair<std::string, std::string>> pairs{
        {"West Europe", "East US"},
        {"UK South", "Japan East"},
        {"Southeast Asia", "Australia East"},
        {"Brazil South", "South Africa North"},
        {"Central India", "North Europe"},
        {"West US 2", "Korea Central"},
        {"Austria East", "Spain Central"},
        {"Qatar Central", "Canada Central"},
    };
    std::vector<std::string> regions;
    for (const auto& [a, b] : pairs)
    {
        regions.push_back(a);
        regions.push_back(b);
    }
    std::sort(regions.begin(), regions.end());
    regions.erase(std::unique(regions.begin(), regions.end()), regions.end());
    auto builder = CreateObject<TopologyBuilder>();
    auto topology = builder->BuildBackboneOnly(regions, m_geography, m_backbone);

    std::vector<std::vector<Time>> measured(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i)
    {
        auto src = topology->GetNode("region/" + pairs[i].first + "/host");
        auto dst = topology->GetNode("region/" + pairs[i].second + "/host");
        auto responder = CreateObject<ProbeResponder>();
        dst->AddApplication(responder);
        auto sender = CreateObject<ProbeSender>();
        sender->SetRemote(dst->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(), 8084);
        sender->SetAttribute("Interval", TimeValue(Seconds(1)));
        src->AddApplication(sender);
        sender->SetStopTime(Seconds(1.9));
        sender->TraceConnectWithoutContext(
            "ProbeCompleted",
            Callback<void, uint32_t, Time, Time, bool>(
                [&measured, i](uint32_t, Time, Time rtt, bool ok) {
                    if (ok)
                    {
                        measured[i].push_back(rtt);
                    }
                }));
    }
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    for (std::size_t i = 0; i < pairs.size(); ++i)
    {
        const double model = m_backbone->GetRtt(pairs[i].first, pairs[i].second).GetSeconds() * 1e3;
        ASSERT_EQ(measured[i].size(), 2u) << pairs[i].first << " -> " << pairs[i].second;
        for (const Time& rtt : measured[i])
        {
            EXPECT_NEAR(rtt.GetSeconds() * 1e3, model, 0.5)
                << pairs[i].first << " -> " << pairs[i].second << ": probe RTT vs model RTT";
        }
    }
}
