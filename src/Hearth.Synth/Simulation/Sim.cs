using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.Truth;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>One month of the window.</summary>
public readonly record struct Month(int Index, DateOnly Start)
{
    /// <summary>The first day of the next month.</summary>
    public DateOnly End => Start.AddMonths(1);

    public int Days => End.DayNumber - Start.DayNumber;

    public DateOnly Day(SynthRandom random) => Start.AddDays(random.Next(Days));

    public bool Contains(DateOnly date) => date >= Start && date < End;
}

/// <summary>Everything the simulation modules share: the city, the feeds being written, and each other.</summary>
public sealed class Sim : IDisposable
{
    private readonly List<Feed> _feeds = [];
    private readonly List<SourceSystem> _systems = [];

    public Sim(City city, string feedsDirectory, NoiseLedger ledger, SourceRecordTruth sourceTruth)
    {
        City = city;
        FeedsDirectory = feedsDirectory;
        Ledger = ledger;
        SourceTruth = sourceTruth;
    }

    public City City { get; }

    public string FeedsDirectory { get; }

    public NoiseLedger Ledger { get; }

    public SourceRecordTruth SourceTruth { get; }

    public IReadOnlyList<Feed> Feeds => _feeds;

    public IReadOnlyList<SourceSystem> Systems => _systems;

    public Modules Modules { get; } = new();

    public SourceSystem System(string name, string localIdPrefix, int digits, IdentifierCoverage coverage, double noiseMultiplier, bool recordsKnownAsName = false)
    {
        var system = new SourceSystem(name, localIdPrefix, digits, coverage, City.Options.Noise, noiseMultiplier, Ledger, City.Reference, City.Seed, recordsKnownAsName);
        _systems.Add(system);
        return system;
    }

    public TabularFeed Tabular(FeedDescriptor descriptor, IReadOnlyList<string>? preamble = null)
    {
        var path = Path.Combine(FeedsDirectory, descriptor.File);
        ITabularSink sink = descriptor.Format switch
        {
            FeedFormat.Csv => new DelimitedSink(path, descriptor),
            FeedFormat.FixedWidth => new FixedWidthSink(path, descriptor),
            FeedFormat.Xlsx => new XlsxSink(path, descriptor, preamble ?? []),
            _ => throw new ArgumentException($"{descriptor.Format} is not a tabular format.", nameof(descriptor)),
        };
        return Track(new TabularFeed(descriptor, sink, RowNoise(descriptor), SourceTruth));
    }

    public JsonLinesFeed JsonLines(FeedDescriptor descriptor) =>
        Track(new JsonLinesFeed(descriptor, Path.Combine(FeedsDirectory, descriptor.File), RowNoise(descriptor), SourceTruth));

    public XmlFeed Xml(FeedDescriptor descriptor, string root, Action<System.Xml.XmlWriter> header) =>
        Track(new XmlFeed(descriptor, Path.Combine(FeedsDirectory, descriptor.File), RowNoise(descriptor), SourceTruth, root, header));

    public void Dispose()
    {
        foreach (var feed in _feeds)
        {
            feed.Dispose();
        }
    }

    private RowNoise RowNoise(FeedDescriptor descriptor) =>
        new(descriptor.Name, City.Options.Noise.Scaled(descriptor.NoiseMultiplier), Ledger, City.Seed);

    private T Track<T>(T feed)
        where T : Feed
    {
        _feeds.Add(feed);
        return feed;
    }
}

/// <summary>A part of the city's life: a service, or the population itself. Each writes its own feeds.</summary>
public abstract class Module
{
    protected Module(Sim sim) => Sim = sim;

    protected Sim Sim { get; }

    protected City City => Sim.City;

    protected Modules Modules => Sim.Modules;

    /// <summary>Opens feeds and sets up the state at the start of the window.</summary>
    public virtual void Initialise()
    {
    }

    public abstract void Step(Month month);

    /// <summary>Writes what is written once, at the extract date.</summary>
    public virtual void Finish()
    {
    }

    /// <summary>A random stream for this module and month, so each module's draws are independent of the others'.</summary>
    protected SynthRandom Random(Month month) => City.Stream(GetType().Name, month.Index);
}
