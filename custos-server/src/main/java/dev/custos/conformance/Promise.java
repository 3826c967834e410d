package dev.custos.conformance;

/**
 * One promise of the catalogue: its ID ({@code RT-04}), the area it belongs to, its wording, and which published
 * policies make it ("goes beyond" when none does).
 */
public record Promise(String id, String area, String text, String from) {
}
