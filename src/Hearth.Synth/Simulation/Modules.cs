namespace Hearth.Synth.Simulation;

/// <summary>The simulation's modules, in the order they run each month.</summary>
public sealed class Modules
{
    public DemographyModule Demography { get; set; } = null!;

    public NeedsModule Needs { get; set; } = null!;

    public SchoolingModule Schooling { get; set; } = null!;

    public BenefitsModule Benefits { get; set; } = null!;

    public SocialCareModule SocialCare { get; set; } = null!;

    public EarlyHelpModule EarlyHelp { get; set; } = null!;

    public PolicingModule Policing { get; set; } = null!;

    public YouthJusticeModule YouthJustice { get; set; } = null!;

    public HealthModule Health { get; set; } = null!;

    public EarlyYearsModule EarlyYears { get; set; } = null!;

    public HousingModule Housing { get; set; } = null!;

    public CouncilTaxModule CouncilTax { get; set; } = null!;

    public NeetModule Neet { get; set; } = null!;

    public SubstanceMisuseModule SubstanceMisuse { get; set; } = null!;

    /// <summary>
    /// Demography first (births, deaths, moves), then needs, then schools and benefits (which other services read),
    /// then social care before early help (early help avoids families social care already supports).
    /// </summary>
    public IReadOnlyList<Module> InOrder =>
    [
        Demography, Needs, Schooling, Benefits, SocialCare, EarlyHelp, Policing, YouthJustice, Health, EarlyYears, Housing, CouncilTax, Neet, SubstanceMisuse,
    ];
}
