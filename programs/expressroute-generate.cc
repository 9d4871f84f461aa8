// SPDX-License-Identifier: GPL-2.0-only
// expressroute-generate: writes a large, valid enterprise scenario (and its flow list) for
// trying the simulator at scale and for the benchmarks. README, "Try it at scale".
#include "expressroute-command-line.h"
#include "expressroute-enterprise-generator.h"
#include "expressroute-geography-reader.h"
#include "expressroute-run-directory.h"
#include "expressroute-scenario-loader.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// The text of @p path ("" when it cannot be read).
std::string
ReadText(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// True if @p scenario is the text of a scenario this program wrote (its description starts
/// with kGeneratedMark).
bool
IsOurs(const std::string& scenario)
{
    return scenario.find(std::string("\"description\": \"") + kGeneratedMark) != std::string::npos;
}

/// True if @p path holds a flow list this program wrote (its first line is "# " kGeneratedMark).
bool
IsOurFlowList(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    return first.rfind(std::string("# ") + kGeneratedMark, 0) == 0;
}

std::optional<Time>
Duration(const std::string& flag, const std::string& text)
{
    if (text.empty())
    {
        return std::nullopt;
    }
    auto d = ParseDuration(text);
    if (!d || !d->IsStrictlyPositive())
    {
        throw std::invalid_argument("--" + flag + "=" + text +
                                    ": expected a positive duration such as 60s, 30min or 24h");
    }
    return d;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t sites = 8;
    uint64_t seed = 1;
    uint64_t flows = 0;
    bool failure = false;
    std::string duration = "60s";
    std::string diurnal;
    std::string probeInterval = "1s";
    std::string metrics;
    std::string failureDuration = "30min";
    std::string out;
    ProgramCommandLine cmd(__FILE__,
                           "Writes a large, valid enterprise scenario: N sites at real peering "
                           "locations, each with a VNet in its location's local region, two "
                           "circuits at two metros, a diurnal load, a probe per site, optionally "
                           "a flow list and an outage of the busiest peering location at the "
                           "daily peak.");
    cmd.AddValue("sites", "number of sites (1-4096)", sites);
    cmd.AddValue("seed", "seed of the generator and the scenario's simulation.seed, 1 to 4294944442", seed);
    cmd.AddValue("duration", "simulated time of the scenario, e.g. 60s, 2h, 24h", duration);
    cmd.AddValue("diurnal-period", "period of the load's daily cycle (default: 24h, or the duration when shorter)", diurnal);
    cmd.AddValue("probe-interval", "interval of each site's probe", probeInterval);
    cmd.AddValue("link-interval", "links.csv interval (default: 1s up to 1h simulated, else 60s)", metrics);
    cmd.AddValue("flows", "rows of a flow list over the run, written beside the scenario as <name>-flows.csv (0: none)", flows);
    cmd.AddValue("failure-at-peak", "add an outage of the busiest peering location at the daily peak", failure);
    cmd.AddValue("failure-duration", "length of that outage", failureDuration);
    cmd.AddValue("out", "scenario file to write (required)", out);
    for (const char* name : {"duration", "diurnal-period", "probe-interval", "link-interval",
                             "failure-duration"})
    {
        cmd.SetMetavar(name, "DURATION");
    }
    cmd.SetMetavar("out", "FILE");
    cmd.AddExample("expressroute-generate --sites=64 --failure-at-peak --out=big.json");
    cmd.Parse(argc, argv);
    try
    {
        if (out.empty())
        {
            throw std::invalid_argument("--out=FILE is required: the scenario file to write");
        }
        const std::filesystem::path path(out);
        const auto flowPath = path.parent_path() / (path.stem().string() + "-flows.csv");
        for (const auto& file : {path, flowPath})
        {
            std::error_code ec;
            if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec))
            {
                throw std::invalid_argument(file.string() +
                                            ": exists and is not a regular file (a directory, a "
                                            "device or a pipe); not replacing it");
            }
        }
        const std::string existing = std::filesystem::exists(path) ? ReadText(path) : "";
        if (std::filesystem::exists(path) && !IsOurs(existing))
        {
            throw std::invalid_argument("--out=" + out +
                                        ": exists and was not written by expressroute-generate; "
                                        "not replacing it");
        }
        EnterpriseOptions options;
        options.sites = sites;
        options.seed = seed;
        options.duration = *Duration("duration", duration);
        options.diurnalPeriod = Duration("diurnal-period", diurnal).value_or(Time(0));
        options.probeInterval = *Duration("probe-interval", probeInterval);
        options.linkMetricsInterval = Duration("link-interval", metrics).value_or(Time(0));
        options.failureDuration = *Duration("failure-duration", failureDuration);
        options.failureAtPeak = failure;
        options.flows = flows;
        if (flows > 0)
        {
            options.flowListFile = flowPath.filename().string();
            // Ours: marked, or (from before the mark) the flow list a generated scenario there
            // replays.
            const bool ours =
                IsOurFlowList(flowPath) ||
                (IsOurs(existing) && existing.find("\"file\": \"" + flowPath.filename().string() +
                                                   "\"") != std::string::npos);
            if (std::filesystem::exists(flowPath) && !ours)
            {
                throw std::invalid_argument(flowPath.string() +
                                            ": exists and is not a flow list of expressroute-generate "
                                            "(its first line is not \"# " +
                                            kGeneratedMark + "\", and no generated scenario beside "
                                            "it replays it); not replacing it");
            }
        }
        auto geography = ReadGeography();
        const Enterprise e = GenerateEnterprise(options, geography);
        // The loader's own check before the scenario is written (it reads the flow list, so
        // that goes first; it is removed again if the check fails).
        if (flows > 0)
        {
            WriteThroughTemporary(flowPath.string(), e.flowListCsv);
        }
        try
        {
            LoadScenarioString(e.scenarioJson, out, geography, true);
        }
        catch (const ScenarioLoadError&)
        {
            if (flows > 0)
            {
                std::filesystem::remove(flowPath);
            }
            throw;
        }
        WriteThroughTemporary(path.string(), e.scenarioJson);
        std::cout << "wrote " << out << " (" << sites << " sites, " << 2 * sites << " circuits)";
        if (flows > 0)
        {
            std::cout << " and " << flowPath.string() << " (" << flows << " flows)";
        }
        std::cout << "\n";
        return 0;
    }
    catch (const ScenarioLoadError& e)
    {
        std::cerr << "error: the generated scenario breaks a loader rule (a bug):\n" << e.what() << "\n";
        return 1;
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
