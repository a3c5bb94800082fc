namespace CareHub.Domain.Common;

/// <summary>An entity with a random, unguessable id (ids from clients are never trusted, and never enumerable).</summary>
public abstract class Entity
{
    public Guid Id { get; protected init; } = Guid.CreateVersion7();
}

/// <summary>
/// An editable entity. <see cref="Version"/> is an application-managed optimistic concurrency token:
/// the data layer increments it on every update and checks the loaded value in the same statement, so
/// SQLite and SQL Server behave alike (see docs/adr/0003).
/// </summary>
public abstract class VersionedEntity : Entity
{
    public long Version { get; private set; } = 1;
}

/// <summary>Anything that belongs to one patient: access and audit follow the patient.</summary>
public interface IPatientOwned
{
    Guid PatientId { get; }
}
