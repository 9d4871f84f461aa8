// SPDX-License-Identifier: GPL-2.0-only
// The programs' shared command line (helper/expressroute-command-line.h) and the names users
// write for places: both flag forms, booleans in every spelling, one line with a did-you-mean for
// an unknown flag, real defaults in --help; Azure's location names for regions ("eastus2"), and
// one error for one typo.
#include "expressroute-command-line.h"
#include "expressroute-scenario-test-util.h"
#include "expressroute-sweep-options.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-paths.h"
#include "expressroute-test-programs.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace
{

using ns3::expressroute::test::Outcome;
using ns3::expressroute::test::RunProgram;

using namespace ns3::expressroute;
using ns3::expressroute::test::Describe;
using ns3::expressroute::test::TempDir;
using ns3::expressroute::test::TextErrors;

struct Flags
{
    std::string scenario;
    std::string out = "runs";
    bool pcap = false;
    uint32_t depth = 2;
    std::optional<uint64_t> seed;
};

/// A parser over @p f, as a program would declare it.
ProgramCommandLine
Declare(Flags& f)
{
    ProgramCommandLine cmd("programs/expressroute-demo.cc", "Demonstrates the command line.");
    cmd.AddValue("scenario", "scenario JSON file (default: the embedded default)", f.scenario);
    cmd.AddValue("out", "run directory", f.out);
    cmd.AddValue("pcap", "write captures", f.pcap);
    cmd.AddValue("depth", "failures per set", f.depth);
    cmd.AddValue("seed", "RNG seed (default: the scenario's, else 1)", f.seed);
    cmd.SetMetavar("scenario", "FILE");
    return cmd;
}

std::string
ErrorOf(const std::vector<std::string>& args)
{
    Flags f;
    auto cmd = Declare(f);
    try
    {
        cmd.Parse(args);
    }
    catch (const CommandLineError& e)
    {
        return e.what();
    }
    return "";
}

/// A small valid scenario with @p region for its VNet and @p location for its site.
std::string
ScenarioText(const std::string& region,
         const std::string& location = "Chicago",
         const std::string& circuitLocation = "Chicago",
         const std::string& failures = "")
{
    return R"({"name": "t",
  "sites": [{"name": "hq", "location": ")" + location + R"(", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "p", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "p", "peeringLocation": ")" +
           circuitLocation + R"(", "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100}],
    "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": ")" + region + R"(", "addressSpace": ["10.1.0.0/16"],
    "gateway": {"sku": "ErGw1Az"}}])" + failures + "}";
}

} // namespace

TEST(CommandLine, AcceptsBothTheEqualsAndTheSpaceForm)
{
    Flags f;
    auto cmd = Declare(f);
    ASSERT_TRUE(cmd.Parse({"--scenario", "a.json", "--out=dir", "--depth", "1", "--seed=7"}));
    EXPECT_EQ(f.scenario, "a.json");
    EXPECT_EQ(f.out, "dir");
    EXPECT_EQ(f.depth, 1u);
    EXPECT_EQ(f.seed, std::optional<uint64_t>(7));
}

TEST(CommandLine, BooleansAcceptEverySpelling)
{
    const std::vector<std::pair<std::vector<std::string>, bool>> cases{
        {{"--pcap"}, true},          {{"--pcap=true"}, true}, {{"--pcap=1"}, true},
        {{"--pcap=yes"}, true},      {{"--pcap=false"}, false}, {{"--pcap=0"}, false},
        {{"--pcap=no"}, false},      {{"--pcap", "no"}, false}, {{"--pcap", "--out=x"}, true},
    };
    for (const auto& [args, expected] : cases)
    {
        Flags f;
        f.pcap = !expected;
        auto cmd = Declare(f);
        ASSERT_TRUE(cmd.Parse(args));
        EXPECT_EQ(f.pcap, expected) << args[0] << (args.size() > 1 ? " " + args[1] : "");
    }
    EXPECT_NE(ErrorOf({"--pcap=maybe"}).find("expected true or false"), std::string::npos);
}

TEST(CommandLine, AnUnknownFlagGetsOneLineWithADidYouMean)
{
    EXPECT_EQ(ErrorOf({"--scenaro=a.json"}),
              "unknown flag --scenaro; did you mean '--scenario'? (see --help)");
    EXPECT_EQ(ErrorOf({"--seed"}), "--seed needs a value: --seed=N or --seed N");
    EXPECT_NE(ErrorOf({"-scenario=a.json"}).find("did you mean '--scenario=a.json'"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"--depth=-1"}).find("expected a whole number"), std::string::npos);
}

TEST(CommandLine, HelpShowsTheDescriptionAndRealDefaults)
{
    Flags f;
    auto cmd = Declare(f);
    EXPECT_FALSE(cmd.Parse({"--help"})) << "--help asks for the help";
    const std::string help = cmd.Help();
    EXPECT_NE(help.find("Usage: expressroute-demo"), std::string::npos) << help;
    EXPECT_NE(help.find("Demonstrates the command line."), std::string::npos) << help;
    EXPECT_NE(help.find("--scenario=FILE"), std::string::npos) << help;
    EXPECT_NE(help.find("run directory (default: runs)"), std::string::npos) << help;
    EXPECT_NE(help.find("write captures (default: off)"), std::string::npos) << help;
    EXPECT_NE(help.find("(default: the scenario's, else 1)\n"), std::string::npos) << help;
    EXPECT_EQ(help.find("-1"), std::string::npos) << "no -1 for unset:\n" << help;
}

TEST(CommandLine, Ns3ArgumentsAreHandedOn)
{
    Flags f;
    auto cmd = Declare(f);
    ASSERT_TRUE(cmd.Parse({"--RngRun=3", "--ns3::TcpSocket::SegmentSize=1448", "--out=x"}));
    EXPECT_EQ(cmd.GetNs3Arguments(),
              (std::vector<std::string>{"--RngRun=3", "--ns3::TcpSocket::SegmentSize=1448"}));
    EXPECT_EQ(f.out, "x");
}

TEST(CommandLine, EveryProgramHasADescriptionAndNoMinusOneDefault)
{
    for (const char* program : {"expressroute-sim", "expressroute-resilience",
                                "expressroute-latency", "expressroute-generate", "expressroute-import",
                                "expressroute-bfd-vs-hold-timer", "expressroute-bench-bgp",
                                "expressroute-bench-default", "expressroute-bench-engines",
                                "expressroute-bench-quiescent", "expressroute-bench-resilience"})
    {
        const auto r = RunProgram(std::string(program) + " --help");
        EXPECT_EQ(r.exitCode, 0) << program << ":\n" << r.output;
        EXPECT_NE(r.output.find(std::string("Usage: ") + program), std::string::npos)
            << r.output;
        // The description is the paragraph between the usage line and "Options:".
        const auto usageEnd = r.output.find("\n\n");
        const auto options = r.output.find("\n\nOptions:");
        ASSERT_NE(options, std::string::npos) << r.output;
        EXPECT_GT(options - usageEnd, 40u) << program << " has no description:\n" << r.output;
        EXPECT_EQ(r.output.find("[-1]"), std::string::npos) << r.output;
        EXPECT_EQ(r.output.find("(default: -1)"), std::string::npos) << r.output;
    }
    const auto sweep = RunProgram("expressroute-sweep --help");
    EXPECT_EQ(sweep.exitCode, 0) << sweep.output;
    EXPECT_NE(sweep.output.find("Runs a parameter grid"), std::string::npos) << sweep.output;
}

TEST(CommandLine, ProgramsTakeTheScenarioInTheSpaceForm)
{
    const TempDir tmp("cmdline");
    const std::string scenario = std::string(EXPRESSROUTE_SOURCE_DIR) +
                                 "/examples/scenarios/what-if-amsterdam.json";
    const auto r = RunProgram("expressroute-resilience --scenario " + scenario + " --depth 1 --out " +
                              tmp.Path("res"));
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(std::filesystem::exists(tmp.Path("res") + "/digest.txt")) << r.output;
    const auto typo = RunProgram("expressroute-sim --scenaro " + scenario);
    EXPECT_EQ(typo.exitCode, 2) << typo.output;
    EXPECT_EQ(typo.output, "error: unknown flag --scenaro; did you mean '--scenario'? (see --help)\n");
}

TEST(RegionNames, AzureLocationNamesAreAccepted)
{
    for (const char* name : {"eastus2", "EastUS2", "East US 2"})
    {
        const auto errors = TextErrors(ScenarioText(name));
        EXPECT_TRUE(errors.empty()) << name << Describe(errors);
    }
    const auto region = ns3::expressroute::LookupRegion(*ns3::expressroute::test::TestGeography(),
                                                        "westeurope");
    ASSERT_TRUE(region);
    EXPECT_EQ(region->GetName(), "West Europe");
}

TEST(RegionNames, NearMissesSuggestTheExactName)
{
    const auto errors = TextErrors(ScenarioText("East US2"));
    ASSERT_EQ(errors.size(), 1u) << Describe(errors);
    EXPECT_EQ(errors[0].path, "/vnets/0/region");
    EXPECT_EQ(errors[0].message, "unknown region 'East US2'; did you mean 'East US 2'?");

    const auto dallas = TextErrors(ScenarioText("South Central US", "Dallas, TX", "Dallas"));
    ASSERT_EQ(dallas.size(), 1u) << Describe(dallas);
    EXPECT_EQ(dallas[0].message, "unknown peering location 'Dallas, TX'; did you mean 'Dallas'?");
}

TEST(RegionNames, OneTypoGivesOneErrorNotACascade)
{
    // The circuit's location is misspelt; the failure names the real one. The failure's target
    // must not be refused with a suggestion of the typo itself.
    const std::string failure =
        R"(, "failures": [{"kind": "PeeringLocationOutage", "target": "Chicago", "start": "1s"}])";
    const auto errors = TextErrors(ScenarioText("Central US", "Chicago", "Chicgo", failure));
    ASSERT_EQ(errors.size(), 1u) << Describe(errors);
    EXPECT_EQ(errors[0].message, "unknown peering location 'Chicgo'; did you mean 'Chicago'?");

    // A region outage by Azure's location name binds to the VNet's region.
    const std::string outage =
        R"(, "failures": [{"kind": "RegionOutage", "target": "centralus", "start": "1s"}])";
    EXPECT_TRUE(TextErrors(ScenarioText("Central US", "Chicago", "Chicago", outage)).empty());
    const auto wrong = TextErrors(ScenarioText("East US 2", "Chicago", "Chicago", outage));
    ASSERT_EQ(wrong.size(), 1u) << Describe(wrong);
    EXPECT_EQ(wrong[0].message,
              "no region with a VNet 'Central US' in the scenario (regions with a VNet: East US 2)");
}

TEST(CommandLine, SweepSwitchesTakeBooleanValuesToo)
{
    EXPECT_EQ(ParseSweepOptions({"--spec=s", "--dry-run=yes"}).mode, SweepMode::DryRun);
    EXPECT_EQ(ParseSweepOptions({"--spec=s", "--dry-run=0"}).mode, SweepMode::Sweep);
    EXPECT_TRUE(ParseSweepOptions({"--spec=s", "--retry-failed=true"}).retryFailed);
    EXPECT_THROW(ParseSweepOptions({"--spec=s", "--dry-run=maybe"}), SweepUsageError);
}

TEST(Citations, NoFileCitesAFactSheetOutsideTheRepository)
{
    // Messages, help texts and docs cite Microsoft's public pages or doc/references.md.
    namespace fs = std::filesystem;
    const fs::path root(EXPRESSROUTE_SOURCE_DIR);
    std::vector<std::string> offenders;
    for (const char* dir : {"model", "helper", "programs", "examples", "doc", "test", "analysis"})
    {
        for (const auto& entry : fs::recursive_directory_iterator(root / dir))
        {
            const auto ext = entry.path().extension().string();
            if (!entry.is_regular_file() ||
                (ext != ".cc" && ext != ".h" && ext != ".md" && ext != ".json" && ext != ".py"))
            {
                continue;
            }
            std::ifstream in(entry.path());
            const std::string text((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
            for (const char* needle : {"expressroute-facts", "../shared", "fact sheet"})
            {
                // This test names the needles itself.
                if (text.find(needle) != std::string::npos &&
                    entry.path().filename() != "expressroute-command-line-test.cc")
                {
                    offenders.push_back(fs::relative(entry.path(), root).string() + ": " + needle);
                }
            }
        }
    }
    std::ifstream readme(root / "README.md");
    const std::string text((std::istreambuf_iterator<char>(readme)),
                           std::istreambuf_iterator<char>());
    EXPECT_EQ(text.find("expressroute-facts"), std::string::npos) << "README.md";
    EXPECT_EQ(text.find("fact sheet"), std::string::npos) << "README.md";
    EXPECT_TRUE(offenders.empty()) << ::testing::PrintToString(offenders);
}

TEST(CommandLine, EveryExampleScenarioHasADescription)
{
    namespace fs = std::filesystem;
    std::size_t scenarios = 0;
    for (const auto& entry :
         fs::directory_iterator(fs::path(EXPRESSROUTE_SOURCE_DIR) / "examples" / "scenarios"))
    {
        if (entry.path().extension() != ".json")
        {
            continue;
        }
        ++scenarios;
        std::ifstream in(entry.path());
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        const auto at = text.find("\"description\": \"");
        ASSERT_NE(at, std::string::npos) << entry.path() << " has no description";
        const auto end = text.find('"', at + 16);
        EXPECT_GT(end - (at + 16), 40u) << entry.path() << ": a sentence at least";
    }
    EXPECT_GE(scenarios, 10u);
}

TEST(CommandLine, AnEmptyValueIsRefusedNotTakenForTheDefault)
{
    // Before: "--scenario=" ran the embedded default scenario and "--out=" wrote to the default
    // directory, in silence.
    for (const char* flag : {"--scenario=", "--out=", "--duration="})
    {
        const auto r = RunProgram(std::string("expressroute-sim ") + flag);
        EXPECT_EQ(r.exitCode, 2) << flag << ": " << r.output;
        EXPECT_NE(r.output.find(std::string(flag) + ": the value is empty"), std::string::npos)
            << r.output;
    }
    // A list's empty value means none, as doc/engines.md runs the bench: no generated
    // enterprise, no example folder, nothing to run (it used to be refused as empty).
    const auto none = RunProgram("expressroute-bench-engines --sites= --examples=");
    EXPECT_EQ(none.exitCode, 0) << none.output;
    EXPECT_EQ(none.output.find("the value is empty"), std::string::npos) << none.output;
    const auto links = RunProgram("expressroute-sim --pcap-links=,,,");
    EXPECT_EQ(links.exitCode, 2) << links.output;
    EXPECT_NE(links.output.find("--pcap-links=,,,: names no link"), std::string::npos)
        << links.output;
}
