/** The layering of Spring Channels as ArchUnit rules that modules check in their tests. */
package dev.channels.test.architecture;
