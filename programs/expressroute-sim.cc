// SPDX-License-Identifier: GPL-2.0-only
// expressroute-sim: one simulation run of a scenario file (or the embedded default), printing a
// summary table per site-VNet pair and the run directory. doc/scenario.md, doc/outputs.md.
#include "expressroute-backbone-reader.h"
#include "expressroute-command-line.h"
#include "expressroute-csv-reader.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

extern "C" void
OnSignal(int)
{
    RequestInterrupt(); // the run stops at its next check and writes what it has
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenarioFile;
    std::string outDir;
    std::string duration;
    std::optional<uint64_t> seed;
    std::optional<uint64_t> run;
    bool pcap = false;
    bool quiet = false;
    std::string pcapLinks;
    uint32_t pcapSnaplen = RunOptions().pcapSnaplen;
    std::string engine;
    ProgramCommandLine cmd(__FILE__,
                           "Simulates an ExpressRoute scenario (packets or flows, BGP, BFD, "
                           "failures, load) and writes its run directory; prints a summary per "
                           "site-VNet pair. The scenario format: doc/scenario.md; the outputs: "
                           "doc/outputs.md; the engines: doc/engines.md.");
    cmd.AddValue("scenario", "scenario JSON file (default: the embedded default scenario)", scenarioFile);
    cmd.AddValue("out", "run directory (default: runs/<scenario>-seed<S>-run<R>)", outDir);
    cmd.AddValue("seed", "RNG seed, 1 to 4294944442 (default: the scenario's, else 1)", seed);
    cmd.AddValue("run", "RNG run number, 1 or more (default: the scenario's, else 1)", run);
    cmd.AddValue("duration", "simulated time, e.g. 30s, 500ms, 2min (default: the scenario's)", duration);
    cmd.AddValue("pcap", "write pcap captures of every circuit link into <out>/pcap/", pcap);
    cmd.AddValue("pcap-links",
                 "comma-separated links to capture instead, by name or glob (circuit/*, "
                 "backbone/*, internet/*, a circuit's name; implies --pcap; doc/outputs.md)",
                 pcapLinks);
    cmd.AddValue("pcap-snaplen", "bytes kept of each captured packet, 24 to 65535", pcapSnaplen);
    cmd.AddValue("engine",
                 "data-plane engine: packet or flow (default: the scenario's, else packet)",
                 engine);
    cmd.AddValue("quiet",
                 "no progress line (shown on a terminal: simulated time, events/s, ETA)",
                 quiet);
    cmd.SetMetavar("scenario", "FILE");
    cmd.SetMetavar("out", "DIR");
    cmd.SetMetavar("duration", "DURATION");
    cmd.SetMetavar("engine", "ENGINE");
    cmd.SetMetavar("pcap-links", "LIST");
    cmd.AddExample("expressroute-sim --scenario examples/scenarios/what-if-amsterdam.json");
    cmd.AddExample("expressroute-sim --duration=30s --seed=7 --out=runs/default-7");
    cmd.Parse(argc, argv);

    try
    {
        RunOptions options;
        options.outDir = outDir;
        QuiescentSwitches(cmd.GetNs3Arguments(), options);
        options.pcap = pcap || !pcapLinks.empty();
        for (std::size_t start = 0; start < pcapLinks.size();)
        {
            const auto comma = std::min(pcapLinks.find(',', start), pcapLinks.size());
            if (comma > start)
            {
                options.pcapLinks.push_back(pcapLinks.substr(start, comma - start));
            }
            start = comma + 1;
        }
        if (!pcapLinks.empty() && options.pcapLinks.empty())
        {
            std::cerr << "error: --pcap-links=" << pcapLinks
                      << ": names no link (a comma-separated list of names or globs)\n";
            return 2;
        }
        if (pcapSnaplen < 24 || pcapSnaplen > 65535)
        {
            std::cerr << "error: --pcap-snaplen=" << pcapSnaplen << ": must be 24 to 65535\n";
            return 2;
        }
        options.pcapSnaplen = pcapSnaplen;
        if (!engine.empty())
        {
            if (engine != "packet" && engine != "flow")
            {
                std::cerr << "error: --engine=" << engine << ": expected packet or flow\n";
                return 2;
            }
            options.engine = engine;
        }
        if (seed)
        {
            if (*seed < 1 || *seed > kMaxRngSeed)
            {
                std::cerr << "error: --seed=" << *seed << ": must be between 1 and " << kMaxRngSeed
                          << " (ns-3's random number generator refuses larger seeds)\n";
                return 2;
            }
            options.seed = static_cast<uint32_t>(*seed);
        }
        if (run)
        {
            if (*run < 1)
            {
                std::cerr << "error: --run=" << *run << ": must be 1 or more\n";
                return 2;
            }
            options.run = *run;
        }
        if (!duration.empty())
        {
            auto d = ParseDuration(duration);
            if (!d || !d->IsStrictlyPositive())
            {
                std::cerr << "error: --duration=" << duration
                          << ": expected a positive duration such as 30s, 500ms or 2min\n";
                return 2;
            }
            options.duration = *d;
        }
        auto geography = ReadGeography();
        auto backbone = ReadBackbone(DefaultDataDir(), geography);
        const Scenario scenario =
            scenarioFile.empty()
                ? LoadScenarioString(DefaultScenarioJson(), "(embedded default)", geography)
                : LoadScenarioFile(scenarioFile, geography);
        std::signal(SIGINT, OnSignal);
        std::signal(SIGTERM, OnSignal);
        std::signal(SIGXFSZ, SIG_IGN); // a file-size limit is then a write error, "File too large"
        // Progress only for a person watching: both streams on a terminal, redrawn in place.
        const bool showProgress = !quiet && ::isatty(STDOUT_FILENO) && ::isatty(STDERR_FILENO);
        bool progressShown = false;
        if (showProgress)
        {
            options.progress = [&progressShown](const RunProgress& p) {
                std::cerr << "\r" << FormatRunProgress(p) << "\033[K" << std::flush;
                progressShown = true;
            };
        }
        const RunResult result = RunScenario(scenario, options, geography, backbone);
        if (progressShown)
        {
            std::cerr << "\r\033[K" << std::flush; // the summary replaces the progress line
        }
        std::cout << "scenario " << scenario.name << ", seed " << result.seed << ", run "
                  << result.run << ", " << result.duration.GetSeconds() << " s simulated"
                  << (result.status == "interrupted" ? " of " : "");
        if (result.status == "interrupted")
        {
            std::cout << result.planned.GetSeconds() << " s";
        }
        char wall[32];
        std::snprintf(wall, sizeof(wall), "%.2f", result.wallSeconds); // as the README shows it
        std::cout << " in " << wall << " s\n\n"
                  << FormatSummaryTable(result) << "\nrun directory: " << result.outDir << "\n";
        if (!result.keptAside.empty())
        {
            std::cerr << "note: files added to the earlier run at " << result.outDir
                      << " while this one started are kept in " << result.keptAside << "\n";
        }
        if (result.status != "completed")
        {
            std::cerr << "error: " << result.error << "; run.json says " << result.status << "\n";
            return result.status == "interrupted" ? 130 : 1;
        }
        return 0;
    }
    catch (const ScenarioLoadError& e)
    {
        std::cerr << e.what() << "\n";
        return 1;
    }
    catch (const DataFileError& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
