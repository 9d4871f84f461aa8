// SPDX-License-Identifier: GPL-2.0-only
// expressroute-generate: large enterprises that the loader accepts, the same bytes for the same
// seed, and no file replaced that the program did not write.
#include "expressroute-enterprise-generator.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-test-paths.h"

#include "expressroute-temp-dir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

using ns3::expressroute::test::TempDir;

std::string
ReadText(const std::filesystem::path& p)
{
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class GenerateTest : public ::testing::Test
{
  protected:
    int Generate(const std::string& args, std::string* err = nullptr) const
    {
        const auto errFile = m_dir / "stderr.txt";
        const std::string cmd = std::string("cd ") + m_dir.string() + " && " + EXPRESSROUTE_BIN_DIR +
                                "/expressroute-generate " + args + " > /dev/null 2> " +
                                errFile.string();
        const int rc = std::system(cmd.c_str());
        if (err)
        {
            *err = ReadText(errFile);
        }
        return WEXITSTATUS(rc);
    }

    TempDir m_tmp{"generate"};
    std::filesystem::path m_dir{m_tmp.Path()};
};

} // namespace

TEST(EnterpriseGenerator, EverySizeLoadsWithTwoCircuitsPerSiteAtTwoMetros)
{
    auto geography = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    for (uint32_t n : {1u, 8u, 128u, 700u})
    {
        EnterpriseOptions o;
        o.sites = n;
        o.duration = Hours(24);
        o.failureAtPeak = true;
        const auto e = GenerateEnterprise(o, geography);
        const Scenario s = LoadScenarioString(e.scenarioJson, "generated", geography);
        ASSERT_EQ(s.sites.size(), n);
        ASSERT_EQ(s.circuits.size(), 2 * n);
        ASSERT_EQ(s.vnets.size(), n);
        ASSERT_EQ(s.probes.size(), n);
        for (uint32_t i = 0; i < n; ++i)
        {
            const auto a = geography->FindPeeringLocation(s.circuits[2 * i].peeringLocation);
            const auto b = geography->FindPeeringLocation(s.circuits[2 * i + 1].peeringLocation);
            EXPECT_NE(a->GetMetro(), b->GetMetro()) << "site " << i + 1;
        }
        ASSERT_EQ(s.failures.size(), 1u);
        EXPECT_EQ(s.failures[0].start, Hours(14)) << "the outage starts at the daily peak";
    }
}

TEST(EnterpriseGenerator, SameSeedSameBytesAnotherSeedAnotherEnterprise)
{
    auto geography = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    EnterpriseOptions o;
    o.sites = 32;
    o.flows = 1000;
    o.flowListFile = "flows.csv";
    const auto a = GenerateEnterprise(o, geography);
    const auto b = GenerateEnterprise(o, geography);
    EXPECT_EQ(a.scenarioJson, b.scenarioJson);
    EXPECT_EQ(a.flowListCsv, b.flowListCsv);
    EXPECT_EQ(std::count(a.flowListCsv.begin(), a.flowListCsv.end(), '\n'), 1001);
    o.seed = 2;
    EXPECT_NE(GenerateEnterprise(o, geography).scenarioJson, a.scenarioJson);
}

TEST_F(GenerateTest, WritesTheScenarioAndItsFlowListThatTheSimulatorLoads)
{
    ASSERT_EQ(Generate("--sites=4 --duration=24h --flows=500 --failure-at-peak --out=e.json"), 0);
    auto geography = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    const Scenario s = LoadScenarioFile((m_dir / "e.json").string(), geography);
    std::size_t flowListRows = 0;
    for (const auto& t : s.traffic)
    {
        flowListRows += t.name.rfind("flows-", 0) == 0 ? 1 : 0;
    }
    EXPECT_EQ(flowListRows, 500u) << "the flow list expands to one traffic entry per row";
    EXPECT_TRUE(std::filesystem::exists(m_dir / "e-flows.csv"));
    // Running it again replaces its own files.
    EXPECT_EQ(Generate("--sites=4 --seed=2 --flows=10 --out=e.json"), 0);
}

TEST_F(GenerateTest, AFlowListBesideAScenarioInAnotherDirectoryLoads)
{
    std::filesystem::create_directory(m_dir / "elsewhere");
    std::string err;
    ASSERT_EQ(Generate("--sites=2 --flows=20 --out=elsewhere/e.json", &err), 0) << err;
    auto geography = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    const Scenario s = LoadScenarioFile((m_dir / "elsewhere" / "e.json").string(), geography);
    EXPECT_TRUE(std::filesystem::exists(m_dir / "elsewhere" / "e-flows.csv"));
    EXPECT_FALSE(std::filesystem::exists(m_dir / "e-flows.csv"));
}

TEST_F(GenerateTest, RefusesToReplaceAFileItDidNotWriteAndBadOptions)
{
    std::ofstream(m_dir / "thesis.json") << "{\"my\": \"work\"}";
    std::string err;
    EXPECT_EQ(Generate("--sites=4 --out=thesis.json", &err), 2);
    EXPECT_NE(err.find("thesis.json: exists and was not written by expressroute-generate"),
              std::string::npos)
        << err;
    EXPECT_EQ(ReadText(m_dir / "thesis.json"), "{\"my\": \"work\"}");
    EXPECT_EQ(Generate("--sites=0 --out=x.json", &err), 2);
    EXPECT_NE(err.find("--sites=0: must be 1-4096"), std::string::npos) << err;
    // Before: "error: std::bad_alloc".
    EXPECT_EQ(Generate("--sites=4 --flows=100000000000 --out=x.json", &err), 2);
    EXPECT_NE(err.find("--flows=100000000000: must be 0-10000000"), std::string::npos) << err;
    EXPECT_EQ(Generate("--sites=4 --duration=-1h --out=x.json", &err), 2);
    EXPECT_NE(err.find("--duration=-1h: expected a positive duration"), std::string::npos) << err;
    EXPECT_EQ(Generate("--sites=4", &err), 2);
    EXPECT_NE(err.find("--out=FILE is required"), std::string::npos) << err;
    EXPECT_FALSE(std::filesystem::exists(m_dir / "x.json"));
}
