package dev.depot.cli;

import java.time.Instant;

/**
 * The record {@code depot demo} keeps in its {@code users} map, as JSON. Its class name is part
 * of the map's codec id ({@code json:dev.depot.cli.User}): renaming it is a codec change.
 */
public record User(long id, String name, String email, Instant joinedAt) {}
