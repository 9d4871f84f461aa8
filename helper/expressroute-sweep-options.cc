// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-options.h"

#include "expressroute-command-line.h"
#include "expressroute-scenario-diagnostics.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstdlib>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepOptions");

namespace
{

/// Whether a flag takes a value.
enum class Value
{
    None,
    Required,
    Optional,
};

struct Flag
{
    std::string name;
    Value value;
};

const std::vector<Flag> kFlags{
    {"spec", Value::Required},
    {"out", Value::Required},
    {"jobs", Value::Required},
    {"dry-run", Value::None},
    {"status", Value::Optional},
    {"emit-slurm", Value::None},
    {"collect", Value::Optional},
    {"point", Value::Required},
    {"retry-failed", Value::None},
    {"sim", Value::Required},
    {"progress-interval", Value::Required},
    {"engine", Value::Required},
    {"help", Value::None},
};

/// --progress-interval's range in seconds: the progress is updated every 0.2 s, and a line a
/// day is as good as none.
constexpr double kMinProgressInterval = 0.1;
constexpr double kMaxProgressInterval = 86400;

uint64_t
ParseCount(const std::string& flag, const std::string& text, uint64_t min, uint64_t max)
{
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || text[0] == '-' || v < min || v > max)
    {
        throw SweepUsageError("--" + flag + "=" + text + ": expected an integer from " +
                              std::to_string(min) + " to " + std::to_string(max));
    }
    return v;
}

void
SetMode(SweepOptions& o, SweepMode mode, const std::string& flag, std::string& modeFlag)
{
    if (!modeFlag.empty() && modeFlag != flag)
    {
        throw SweepUsageError("--" + flag + " and --" + modeFlag + " cannot be combined");
    }
    modeFlag = flag;
    o.mode = mode;
}

} // namespace

SweepOptions
ParseSweepOptions(const std::vector<std::string>& args)
{
    SweepOptions o;
    std::string modeFlag;
    std::vector<std::string> names;
    for (const auto& f : kFlags)
    {
        names.push_back("--" + f.name);
    }
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
        {
            throw SweepUsageError("unexpected argument " + Quote(arg) +
                                  ": flags are --name=value (see --help)");
        }
        const auto eq = arg.find('=');
        const std::string name =
            arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        std::optional<std::string> value;
        if (eq != std::string::npos)
        {
            value = arg.substr(eq + 1);
        }
        const Flag* flag = nullptr;
        for (const auto& f : kFlags)
        {
            if (f.name == name)
            {
                flag = &f;
            }
        }
        if (flag == nullptr)
        {
            throw SweepUsageError("unknown flag --" + name + DidYouMean("--" + name, names) +
                                  " (see --help)");
        }
        if (flag->value == Value::None && value)
        {
            const auto on = ParseBool(*value);
            if (!on)
            {
                throw SweepUsageError("--" + name + "=" + *value +
                                      ": expected true or false (1/0, yes/no), or --" + name +
                                      " alone");
            }
            if (!*on)
            {
                continue; // --dry-run=false: as if not given
            }
            value.reset();
        }
        const bool nextIsValue = i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0;
        if (!value && flag->value != Value::None && nextIsValue)
        {
            value = args[++i];
        }
        if (!value && flag->value == Value::Required)
        {
            throw SweepUsageError("--" + name + " needs a value: --" + name + "=...");
        }
        if (name == "spec")
        {
            o.spec = *value;
        }
        else if (name == "out")
        {
            o.out = *value;
        }
        else if (name == "jobs")
        {
            o.jobs = static_cast<unsigned>(ParseCount(name, *value, 1, 1024));
        }
        else if (name == "point")
        {
            o.point = static_cast<uint32_t>(ParseCount(name, *value, 0, 999999));
            SetMode(o, SweepMode::Point, name, modeFlag);
        }
        else if (name == "dry-run")
        {
            SetMode(o, SweepMode::DryRun, name, modeFlag);
        }
        else if (name == "status" || name == "collect")
        {
            SetMode(o, name == "status" ? SweepMode::Status : SweepMode::Collect, name, modeFlag);
            if (value)
            {
                if (!o.out.empty() && o.out != *value)
                {
                    throw SweepUsageError("--" + name + "=" + *value + " and --out=" + o.out +
                                          " name different directories");
                }
                o.out = *value;
            }
        }
        else if (name == "emit-slurm")
        {
            SetMode(o, SweepMode::EmitSlurm, name, modeFlag);
        }
        else if (name == "retry-failed")
        {
            o.retryFailed = true;
        }
        else if (name == "sim")
        {
            o.sim = *value;
        }
        else if (name == "engine")
        {
            if (*value != "packet" && *value != "flow")
            {
                throw SweepUsageError("--engine=" + *value + ": expected packet or flow");
            }
            o.engine = *value;
        }
        else if (name == "progress-interval")
        {
            // strtod takes 1e400 as infinity (ERANGE), inf and nan: refused by the range, which
            // errno and the comparisons (false for nan) check.
            char* end = nullptr;
            errno = 0;
            o.progressInterval = std::strtod(value->c_str(), &end);
            if (value->empty() || *end != '\0' || errno != 0 ||
                !(o.progressInterval >= kMinProgressInterval &&
                  o.progressInterval <= kMaxProgressInterval))
            {
                throw SweepUsageError("--progress-interval=" + *value +
                                      ": expected a number of seconds from 0.1 to 86400 (a day)");
            }
        }
        else if (name == "help")
        {
            o.mode = SweepMode::Help;
            return o;
        }
    }
    const bool needsDir =
        o.mode == SweepMode::Status || o.mode == SweepMode::Collect || o.mode == SweepMode::Point;
    if (needsDir && o.out.empty())
    {
        throw SweepUsageError("--" + modeFlag + " needs the sweep directory: --" + modeFlag +
                              "=DIR");
    }
    if (o.spec.empty() && o.out.empty())
    {
        throw SweepUsageError("give a spec (--spec=FILE) or a sweep directory (--out=DIR)");
    }
    return o;
}

std::string
SweepUsage()
{
    return R"(Usage: expressroute-sweep --spec=FILE --out=DIR [--jobs=N] [options]

Runs a parameter grid over a scenario, one expressroute-sim process per run, at most N at a
time; resumable (finished runs are never run again) and indexed in DIR/index.sqlite and
DIR/results.csv. The spec format: doc/sweeps.md.

  --spec=FILE           the sweep spec (JSON); may be left out once DIR holds sweep.json
  --out=DIR             the sweep directory (default with --spec: sweeps/<name>)
  --jobs=N              runs at a time (default: the number of cores)
  --dry-run             list the runs and their state; run nothing
  --status DIR          report the state of the sweep in DIR
  --emit-slurm          prepare DIR and write DIR/sweep.sbatch, a Slurm job array whose task i
                        runs grid point i (with --jobs=N: at most N tasks at a time)
  --collect DIR         merge the finished runs in DIR into its index and results.csv
  --point=I             run grid point I of DIR (what a Slurm array task does)
  --retry-failed        run failed and timed-out runs again
  --sim=PATH            the simulator (default: expressroute-sim next to this program)
  --progress-interval=S seconds between progress lines when stderr is not a terminal (10;
                        0.1 to 86400)
  --engine=E            every run with engine E (packet or flow, doc/engines.md): the spec's
                        "engine"; a sweep directory keeps the engine it started with
  --help                this text

Exit status: 0 all runs completed, 1 bad spec or I/O error, 2 bad command line, 3 some runs
failed or timed out, 130 interrupted (run the same command again to resume).
)";
}

} // namespace expressroute
} // namespace ns3
