-- The event store, command-side and query-side schemas as the release before the module and
-- package moves (commit 7279ffd) left them: written by that release's jars through ./tally up,
-- then pg_dump --inserts --no-owner --no-privileges of the three schemas. It holds an inventory
-- item COMPAT-1 with a snapshot at sequence 49 (payload type io.tally.command.inventory.InventoryItem),
-- order ord_ae852fc9-... waiting on its payment deadline (tok_timeout; the db-scheduler task names
-- the saga as OrderFulfillmentSaga), order ord_35fc1ea5-... CONFIRMED and waiting to ship (its saga
-- stored as io.tally.command.order.OrderFulfillmentSaga), order ord_4384bd5f-... SHIPPED, and every
-- processor's token. UpgradeEndToEndTest opens it with the current jars.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: tally_command; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA tally_command;


--
-- Name: tally_events; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA tally_events;


--
-- Name: tally_query; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA tally_query;


--
-- Name: refuse_event_change(); Type: FUNCTION; Schema: tally_events; Owner: -
--

CREATE FUNCTION tally_events.refuse_event_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'events are immutable: % on domain_event_entry refused', TG_OP;
END;
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: association_value_entry; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.association_value_entry (
    id bigint NOT NULL,
    association_key character varying(255) NOT NULL,
    association_value character varying(255),
    saga_id character varying(255) NOT NULL,
    saga_type character varying(255)
);


--
-- Name: association_value_entry_id_seq; Type: SEQUENCE; Schema: tally_command; Owner: -
--

CREATE SEQUENCE tally_command.association_value_entry_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: association_value_entry_id_seq; Type: SEQUENCE OWNED BY; Schema: tally_command; Owner: -
--

ALTER SEQUENCE tally_command.association_value_entry_id_seq OWNED BY tally_command.association_value_entry.id;


--
-- Name: flyway_history; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.flyway_history (
    installed_rank integer NOT NULL,
    version character varying(50),
    description character varying(200) NOT NULL,
    type character varying(20) NOT NULL,
    script character varying(1000) NOT NULL,
    checksum integer,
    installed_by character varying(100) NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL,
    execution_time integer NOT NULL,
    success boolean NOT NULL
);


--
-- Name: idempotency_key; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.idempotency_key (
    principal character varying(255) NOT NULL,
    key character varying(255) NOT NULL,
    fingerprint character(64) NOT NULL,
    status integer,
    content_type character varying(255),
    location character varying(1024),
    etag character varying(64),
    body bytea,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone
);


--
-- Name: payment_token_vault; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.payment_token_vault (
    payment_id character varying(64) NOT NULL,
    token character varying(255) NOT NULL,
    stored_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: saga_entry; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.saga_entry (
    saga_id character varying(255) NOT NULL,
    revision character varying(255),
    saga_type character varying(255),
    serialized_saga bytea
);


--
-- Name: scheduled_tasks; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.scheduled_tasks (
    task_name text NOT NULL,
    task_instance text NOT NULL,
    task_data bytea,
    execution_time timestamp with time zone NOT NULL,
    picked boolean NOT NULL,
    picked_by text,
    last_success timestamp with time zone,
    last_failure timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat timestamp with time zone,
    version bigint NOT NULL,
    priority smallint
);


--
-- Name: service_instance; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.service_instance (
    instance_id character varying(255) NOT NULL,
    seen_at timestamp with time zone NOT NULL
);


--
-- Name: token_entry; Type: TABLE; Schema: tally_command; Owner: -
--

CREATE TABLE tally_command.token_entry (
    processor_name character varying(255) NOT NULL,
    segment integer NOT NULL,
    token bytea,
    token_type character varying(255),
    "timestamp" character varying(255),
    owner character varying(255)
);


--
-- Name: domain_event_entry; Type: TABLE; Schema: tally_events; Owner: -
--

CREATE TABLE tally_events.domain_event_entry (
    global_index bigint NOT NULL,
    aggregate_identifier character varying(255) NOT NULL,
    sequence_number bigint NOT NULL,
    type character varying(255),
    event_identifier character varying(255) NOT NULL,
    meta_data text,
    payload text NOT NULL,
    payload_revision character varying(255),
    payload_type character varying(255) NOT NULL,
    time_stamp character varying(255) NOT NULL,
    hash character(64) NOT NULL,
    previous_hash character(64)
);


--
-- Name: domain_event_entry_global_index_seq; Type: SEQUENCE; Schema: tally_events; Owner: -
--

CREATE SEQUENCE tally_events.domain_event_entry_global_index_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: domain_event_entry_global_index_seq; Type: SEQUENCE OWNED BY; Schema: tally_events; Owner: -
--

ALTER SEQUENCE tally_events.domain_event_entry_global_index_seq OWNED BY tally_events.domain_event_entry.global_index;


--
-- Name: flyway_history; Type: TABLE; Schema: tally_events; Owner: -
--

CREATE TABLE tally_events.flyway_history (
    installed_rank integer NOT NULL,
    version character varying(50),
    description character varying(200) NOT NULL,
    type character varying(20) NOT NULL,
    script character varying(1000) NOT NULL,
    checksum integer,
    installed_by character varying(100) NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL,
    execution_time integer NOT NULL,
    success boolean NOT NULL
);


--
-- Name: personal_data_erasure; Type: TABLE; Schema: tally_events; Owner: -
--

CREATE TABLE tally_events.personal_data_erasure (
    customer_id character varying(64) NOT NULL,
    erased_at timestamp with time zone NOT NULL,
    erased_by character varying(255) NOT NULL
);


--
-- Name: personal_data_key; Type: TABLE; Schema: tally_events; Owner: -
--

CREATE TABLE tally_events.personal_data_key (
    key_id character varying(36) NOT NULL,
    customer_id character varying(64) NOT NULL,
    data_key bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: seal; Type: TABLE; Schema: tally_events; Owner: -
--

CREATE TABLE tally_events.seal (
    seal_number bigint NOT NULL,
    after_global_index bigint NOT NULL,
    to_global_index bigint NOT NULL,
    event_count bigint NOT NULL,
    merkle_root character(64) NOT NULL,
    previous_seal_hash character(64),
    sealed_at character varying(40) NOT NULL,
    signature text NOT NULL,
    seal_hash character(64) NOT NULL
);


--
-- Name: snapshot_event_entry; Type: TABLE; Schema: tally_events; Owner: -
--

CREATE TABLE tally_events.snapshot_event_entry (
    aggregate_identifier character varying(255) NOT NULL,
    sequence_number bigint NOT NULL,
    type character varying(255),
    event_identifier character varying(255) NOT NULL,
    meta_data text,
    payload text NOT NULL,
    payload_revision character varying(255),
    payload_type character varying(255) NOT NULL,
    time_stamp character varying(255) NOT NULL
);


--
-- Name: audit_read; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.audit_read (
    id bigint NOT NULL,
    principal character varying(255) NOT NULL,
    method character varying(8) NOT NULL,
    path character varying(2000) NOT NULL,
    read_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: audit_read_id_seq; Type: SEQUENCE; Schema: tally_query; Owner: -
--

CREATE SEQUENCE tally_query.audit_read_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_read_id_seq; Type: SEQUENCE OWNED BY; Schema: tally_query; Owner: -
--

ALTER SEQUENCE tally_query.audit_read_id_seq OWNED BY tally_query.audit_read.id;


--
-- Name: dead_letter_entry; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.dead_letter_entry (
    dead_letter_id character varying(255) NOT NULL,
    processing_group character varying(255) NOT NULL,
    sequence_identifier character varying(255) NOT NULL,
    sequence_index bigint NOT NULL,
    message_type character varying(255) NOT NULL,
    event_identifier character varying(255) NOT NULL,
    time_stamp character varying(255) NOT NULL,
    payload_type character varying(255) NOT NULL,
    payload_revision character varying(255),
    payload bytea NOT NULL,
    meta_data bytea,
    aggregate_type character varying(255),
    aggregate_identifier character varying(255),
    sequence_number bigint,
    token_type character varying(255),
    token bytea,
    enqueued_at character varying(255) NOT NULL,
    last_touched character varying(255),
    processing_started character varying(255),
    cause_type character varying(255),
    cause_message character varying(1023),
    diagnostics bytea
);


--
-- Name: flyway_history; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.flyway_history (
    installed_rank integer NOT NULL,
    version character varying(50),
    description character varying(200) NOT NULL,
    type character varying(20) NOT NULL,
    script character varying(1000) NOT NULL,
    checksum integer,
    installed_by character varying(100) NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL,
    execution_time integer NOT NULL,
    success boolean NOT NULL
);


--
-- Name: inventory_item; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.inventory_item (
    sku character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    unit_price_amount bigint NOT NULL,
    currency character(3) NOT NULL,
    tax_rate_basis_points integer NOT NULL,
    on_hand bigint NOT NULL,
    reserved bigint NOT NULL,
    available bigint GENERATED ALWAYS AS ((on_hand - reserved)) STORED,
    version bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: order_view; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.order_view (
    order_id character varying(64) NOT NULL,
    customer_id character varying(64) NOT NULL,
    customer_name text NOT NULL,
    customer_email text NOT NULL,
    currency character(3) NOT NULL,
    status character varying(16) NOT NULL,
    lines jsonb NOT NULL,
    subtotal bigint NOT NULL,
    discount bigint NOT NULL,
    tax bigint NOT NULL,
    total bigint NOT NULL,
    discount_code character varying(64),
    payment_id character varying(64) NOT NULL,
    reason character varying(1000),
    placed_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version bigint NOT NULL
);


--
-- Name: payment_view; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.payment_view (
    payment_id character varying(64) NOT NULL,
    order_id character varying(64) NOT NULL,
    status character varying(24) NOT NULL,
    currency character(3) NOT NULL,
    authorized bigint NOT NULL,
    captured bigint NOT NULL,
    refunded bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version bigint NOT NULL,
    decline_code character varying(500),
    timed_out boolean DEFAULT false NOT NULL
);


--
-- Name: service_instance; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.service_instance (
    instance_id character varying(255) NOT NULL,
    seen_at timestamp with time zone NOT NULL
);


--
-- Name: token_entry; Type: TABLE; Schema: tally_query; Owner: -
--

CREATE TABLE tally_query.token_entry (
    processor_name character varying(255) NOT NULL,
    segment integer NOT NULL,
    token bytea,
    token_type character varying(255),
    "timestamp" character varying(255),
    owner character varying(255)
);


--
-- Name: association_value_entry id; Type: DEFAULT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.association_value_entry ALTER COLUMN id SET DEFAULT nextval('tally_command.association_value_entry_id_seq'::regclass);


--
-- Name: domain_event_entry global_index; Type: DEFAULT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.domain_event_entry ALTER COLUMN global_index SET DEFAULT nextval('tally_events.domain_event_entry_global_index_seq'::regclass);


--
-- Name: audit_read id; Type: DEFAULT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.audit_read ALTER COLUMN id SET DEFAULT nextval('tally_query.audit_read_id_seq'::regclass);


--
-- Data for Name: association_value_entry; Type: TABLE DATA; Schema: tally_command; Owner: -
--

INSERT INTO tally_command.association_value_entry VALUES (1, 'orderId', 'ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219', 'ff3e602b-a41e-47cb-a36a-70b71482c8d8', 'io.tally.command.order.OrderFulfillmentSaga');
INSERT INTO tally_command.association_value_entry VALUES (2, 'orderId', 'ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9', '4ebc53dd-450f-4b07-b1bd-26ec7bf1c3a4', 'io.tally.command.order.OrderFulfillmentSaga');


--
-- Data for Name: flyway_history; Type: TABLE DATA; Schema: tally_command; Owner: -
--

INSERT INTO tally_command.flyway_history VALUES (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '"tally_command"', NULL, 'postgres', '2026-12-02 19:03:19.00707', 0, true);
INSERT INTO tally_command.flyway_history VALUES (1, '1', 'command side', 'SQL', 'V1__command_side.sql', -1616739436, 'postgres', '2026-12-02 19:03:19.072672', 16, true);
INSERT INTO tally_command.flyway_history VALUES (2, '2', 'fulfilment', 'SQL', 'V2__fulfilment.sql', 1561939246, 'postgres', '2026-12-02 19:03:19.163952', 22, true);
INSERT INTO tally_command.flyway_history VALUES (3, '3', 'instances', 'SQL', 'V3__instances.sql', 1135969581, 'postgres', '2026-12-02 19:03:19.224719', 7, true);


--
-- Data for Name: idempotency_key; Type: TABLE DATA; Schema: tally_command; Owner: -
--



--
-- Data for Name: payment_token_vault; Type: TABLE DATA; Schema: tally_command; Owner: -
--



--
-- Data for Name: saga_entry; Type: TABLE DATA; Schema: tally_command; Owner: -
--

INSERT INTO tally_command.saga_entry VALUES ('ff3e602b-a41e-47cb-a36a-70b71482c8d8', NULL, 'io.tally.command.order.OrderFulfillmentSaga', '\x7b22616d6f756e74223a7b22616d6f756e74223a313530302c2263757272656e6379223a22455552227d2c22617574686f72697a6174696f6e526571756573746564223a747275652c22617574686f72697a6564223a66616c73652c22646561646c696e654964223a2262303732643232622d323166342d346164612d613564372d346230636234376663303430222c226661696c6564223a66616c73652c226c696e6573223a7b22434f4d5041542d31223a317d2c226f726465724964223a226f72645f61653835326663392d646138612d346566342d613464312d653131343964353061323139222c227061796d656e744964223a227061795f33666566636332392d666164652d343033312d383931372d393330393836333736316163222c227265736572766564223a5b22434f4d5041542d31225d7d');
INSERT INTO tally_command.saga_entry VALUES ('4ebc53dd-450f-4b07-b1bd-26ec7bf1c3a4', NULL, 'io.tally.command.order.OrderFulfillmentSaga', '\x7b22616d6f756e74223a7b22616d6f756e74223a313530302c2263757272656e6379223a22455552227d2c22617574686f72697a6174696f6e526571756573746564223a747275652c22617574686f72697a6564223a747275652c22646561646c696e654964223a6e756c6c2c226661696c6564223a66616c73652c226c696e6573223a7b22434f4d5041542d31223a317d2c226f726465724964223a226f72645f33356663316561352d333062332d346634622d386334332d636632633339376162336439222c227061796d656e744964223a227061795f61633061366236312d653762652d343561322d623266312d373661313935633461653534222c227265736572766564223a5b22434f4d5041542d31225d7d');


--
-- Data for Name: scheduled_tasks; Type: TABLE DATA; Schema: tally_command; Owner: -
--

INSERT INTO tally_command.scheduled_tasks VALUES ('AxonDeadline', 'b072d22b-21f4-4ada-a5d7-4b0cb47fc040', '\xaced0005737200476f72672e61786f6e6672616d65776f726b2e646561646c696e652e64627363686564756c65722e44625363686564756c657242696e617279446561646c696e6544657461696c73d514359f2a1b905f0200074c0001647400124c6a6176612f6c616e672f537472696e673b5b00016d7400025b425b00017071007e00024c0002706371007e00014c00017271007e00015b00017371007e00024c0002736371007e0001787074000f7061796d656e742d74696d656f7574757200025b42acf317f8060854e00200007870000000827b227072696e636970616c223a22636f6d706174222c22636175736174696f6e4964223a2261303832626630622d353338372d343930312d383565302d623065376461313266643338222c22636f7272656c6174696f6e4964223a2264376162346164362d353834642d343631622d623762622d353366396634663266633037227d7571007e0005000000046e756c6c740005656d707479707571007e0005000000537b2274797065223a224f7264657246756c66696c6c6d656e7453616761222c226964656e746966696572223a2266663365363032622d613431652d343763622d613336612d373062373134383263386438227d7400346f72672e61786f6e6672616d65776f726b2e6d6f64656c6c696e672e736167612e5361676153636f706544657363726970746f72', '2026-12-02 19:14:09.32206+00', false, NULL, NULL, NULL, NULL, NULL, 1, NULL);


--
-- Data for Name: service_instance; Type: TABLE DATA; Schema: tally_command; Owner: -
--

INSERT INTO tally_command.service_instance VALUES ('2712@vm', '2026-12-02 19:04:27.893695+00');


--
-- Data for Name: token_entry; Type: TABLE DATA; Schema: tally_command; Owner: -
--

INSERT INTO tally_command.token_entry VALUES ('OrderFulfillmentSagaProcessor', 1, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.129Z', '2712@vm');
INSERT INTO tally_command.token_entry VALUES ('OrderFulfillmentSagaProcessor', 2, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.279Z', '2712@vm');
INSERT INTO tally_command.token_entry VALUES ('OrderFulfillmentSagaProcessor', 0, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.517Z', '2712@vm');
INSERT INTO tally_command.token_entry VALUES ('OrderFulfillmentSagaProcessor', 3, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.611Z', '2712@vm');


--
-- Data for Name: domain_event_entry; Type: TABLE DATA; Schema: tally_events; Owner: -
--

INSERT INTO tally_events.domain_event_entry VALUES (1, 'COMPAT-1', 0, 'InventoryItem', 'd0af34ce-fa37-4f3f-8ffb-cfa76b9bc3c2', '{"principal":"compat","causationId":"8283ac2d-acdf-472c-b672-1322467e5991","correlationId":"8283ac2d-acdf-472c-b672-1322467e5991"}', '{"sku":"COMPAT-1","name":"Compat widget","unitPrice":{"amount":1250,"currency":"EUR"},"taxRateBasisPoints":2000}', NULL, 'io.tally.api.inventory.InventoryItemRegisteredEvent', '2026-12-02T19:04:04.725Z', 'b3ff3f33c81c980e3695af4977ef8b5f8e642087c9c30b676841d9faf48807e2', NULL);
INSERT INTO tally_events.domain_event_entry VALUES (2, 'COMPAT-1', 1, 'InventoryItem', 'c5500269-22b0-454b-861d-b604f4caa95a', '{"principal":"compat","causationId":"108b0d0b-ded3-4765-a7c9-55ed9fdc2763","correlationId":"108b0d0b-ded3-4765-a7c9-55ed9fdc2763"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r1","onHand":2}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.128Z', '79aaf8663303e424ac644abd39777d726d0b0a99e557ae3f22df281bf26f6bbb', 'b3ff3f33c81c980e3695af4977ef8b5f8e642087c9c30b676841d9faf48807e2');
INSERT INTO tally_events.domain_event_entry VALUES (3, 'COMPAT-1', 2, 'InventoryItem', '40952c02-e950-449f-9404-c3e582b1f856', '{"principal":"compat","causationId":"417d468c-67bc-4fe5-b6be-a7a1a98a7265","correlationId":"417d468c-67bc-4fe5-b6be-a7a1a98a7265"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r2","onHand":4}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.198Z', '36652faa8c675601abefa4aa5d411afe82c6955abfdea82c4dce21323fbb2fe9', '79aaf8663303e424ac644abd39777d726d0b0a99e557ae3f22df281bf26f6bbb');
INSERT INTO tally_events.domain_event_entry VALUES (4, 'COMPAT-1', 3, 'InventoryItem', '25ef8dea-13cb-4712-a4e2-c2af44adf45b', '{"principal":"compat","causationId":"4676cb55-80e7-4c91-b89e-af8f3ceff772","correlationId":"4676cb55-80e7-4c91-b89e-af8f3ceff772"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r3","onHand":6}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.252Z', '6515e87c681d8fa530f5c63a6bd58fc0cc2111586be74aabc85eff389a10890e', '36652faa8c675601abefa4aa5d411afe82c6955abfdea82c4dce21323fbb2fe9');
INSERT INTO tally_events.domain_event_entry VALUES (5, 'COMPAT-1', 4, 'InventoryItem', '16c3c53d-3a73-424e-803a-899308a96fc0', '{"principal":"compat","causationId":"33cc6699-f17a-4e03-9392-53aa981a8ed4","correlationId":"33cc6699-f17a-4e03-9392-53aa981a8ed4"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r4","onHand":8}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.322Z', 'de812e98de387cd6750deae5c787c148d53deacba98a70a78c8b3e9100bc1bab', '6515e87c681d8fa530f5c63a6bd58fc0cc2111586be74aabc85eff389a10890e');
INSERT INTO tally_events.domain_event_entry VALUES (6, 'COMPAT-1', 5, 'InventoryItem', '3e3558b4-e2b6-483d-a3c5-d3d38a052d8f', '{"principal":"compat","causationId":"b2423534-d8cc-460c-839f-9f9eb4b3d5e9","correlationId":"b2423534-d8cc-460c-839f-9f9eb4b3d5e9"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r5","onHand":10}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.393Z', 'd49b503cb6dfa67f20dc0a7a379cef24952fa11cf013dca17b3aa55710fee239', 'de812e98de387cd6750deae5c787c148d53deacba98a70a78c8b3e9100bc1bab');
INSERT INTO tally_events.domain_event_entry VALUES (7, 'COMPAT-1', 6, 'InventoryItem', 'b43ba385-b31b-4b70-be3a-fb2bdce60779', '{"principal":"compat","causationId":"d3c7c15c-026c-428d-b560-e73f0278bc28","correlationId":"d3c7c15c-026c-428d-b560-e73f0278bc28"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r6","onHand":12}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.468Z', '8439e5aaa42d8ee616ece9c35ff17ad4c7f89b0fe641825e60132c42dd99566f', 'd49b503cb6dfa67f20dc0a7a379cef24952fa11cf013dca17b3aa55710fee239');
INSERT INTO tally_events.domain_event_entry VALUES (8, 'COMPAT-1', 7, 'InventoryItem', '7cb3e5a4-f74b-4532-8e38-bf257bdc6876', '{"principal":"compat","causationId":"0fe07c0a-418c-4367-812f-59e688330dd3","correlationId":"0fe07c0a-418c-4367-812f-59e688330dd3"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r7","onHand":14}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.543Z', '82f345dc0df6569c11310bc83549efc038bc203475f5cf6b4bae71e5c9ccadd8', '8439e5aaa42d8ee616ece9c35ff17ad4c7f89b0fe641825e60132c42dd99566f');
INSERT INTO tally_events.domain_event_entry VALUES (9, 'COMPAT-1', 8, 'InventoryItem', '142d7d40-7aa0-42a8-928c-4c08b1be7b35', '{"principal":"compat","causationId":"2b2fbdea-3df3-494b-99c2-c8cc6a09ff69","correlationId":"2b2fbdea-3df3-494b-99c2-c8cc6a09ff69"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r8","onHand":16}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.590Z', '906e9f7814ee9dabb325e68baf0728d8bde623f4bb05a5619f6034daae769d2e', '82f345dc0df6569c11310bc83549efc038bc203475f5cf6b4bae71e5c9ccadd8');
INSERT INTO tally_events.domain_event_entry VALUES (10, 'COMPAT-1', 9, 'InventoryItem', 'c3f75b2d-c3f9-42e2-9d4f-818ba5b065a7', '{"principal":"compat","causationId":"bff484f2-211d-474e-9a3c-be3199e7e421","correlationId":"bff484f2-211d-474e-9a3c-be3199e7e421"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r9","onHand":18}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.642Z', 'b2565a051ec3daf6b0d6c22f3d381205e85d7cd9340b83dba20d0bcc126c62ec', '906e9f7814ee9dabb325e68baf0728d8bde623f4bb05a5619f6034daae769d2e');
INSERT INTO tally_events.domain_event_entry VALUES (11, 'COMPAT-1', 10, 'InventoryItem', '87fdb6fc-47a2-4842-83bb-8ce56996c5b2', '{"principal":"compat","causationId":"8c9558e9-ec75-456e-9d1e-a6897319c50f","correlationId":"8c9558e9-ec75-456e-9d1e-a6897319c50f"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r10","onHand":20}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.707Z', 'c23920e60798ae96bd276e6e5a78c13a1c39d6621e955340076b70d4c913b062', 'b2565a051ec3daf6b0d6c22f3d381205e85d7cd9340b83dba20d0bcc126c62ec');
INSERT INTO tally_events.domain_event_entry VALUES (12, 'COMPAT-1', 11, 'InventoryItem', '56eda6c9-3bad-441b-9550-5dc6acfd6a6d', '{"principal":"compat","causationId":"4a3967b2-33ac-479f-8a7d-7f10533a52df","correlationId":"4a3967b2-33ac-479f-8a7d-7f10533a52df"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r11","onHand":22}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.777Z', '0baa2aaa0a7cccab8ef38b48a7329f29d91e977ee0b179375772a413fa8329d3', 'c23920e60798ae96bd276e6e5a78c13a1c39d6621e955340076b70d4c913b062');
INSERT INTO tally_events.domain_event_entry VALUES (13, 'COMPAT-1', 12, 'InventoryItem', '77d4a435-69b0-4ce3-8989-da64f7c093a9', '{"principal":"compat","causationId":"cea29cfd-5c2d-44de-985f-9664bab313cc","correlationId":"cea29cfd-5c2d-44de-985f-9664bab313cc"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r12","onHand":24}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.854Z', '57c2bb59eb706af649e240538a8972f28426576efde0e4253b57f6a5b517640e', '0baa2aaa0a7cccab8ef38b48a7329f29d91e977ee0b179375772a413fa8329d3');
INSERT INTO tally_events.domain_event_entry VALUES (14, 'COMPAT-1', 13, 'InventoryItem', 'fc5c103c-0b96-4432-90af-418d295bb906', '{"principal":"compat","causationId":"eadf46d6-fc26-4b86-b23d-af4166008bef","correlationId":"eadf46d6-fc26-4b86-b23d-af4166008bef"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r13","onHand":26}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.907Z', 'f3d0dc0933b74e824575213d614d43f9e600efb9f19a4e3d888cf67966ac5b63', '57c2bb59eb706af649e240538a8972f28426576efde0e4253b57f6a5b517640e');
INSERT INTO tally_events.domain_event_entry VALUES (15, 'COMPAT-1', 14, 'InventoryItem', '6a3e561d-7d7e-4d53-90a4-d024a81d153e', '{"principal":"compat","causationId":"777868be-e7bc-4c8e-aaad-4206923d892b","correlationId":"777868be-e7bc-4c8e-aaad-4206923d892b"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r14","onHand":28}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:05.985Z', '53aacbb962432a0c1e8076f478dd7e88b6e121714b2a70aad9883414e4eb26c8', 'f3d0dc0933b74e824575213d614d43f9e600efb9f19a4e3d888cf67966ac5b63');
INSERT INTO tally_events.domain_event_entry VALUES (16, 'COMPAT-1', 15, 'InventoryItem', '4b271d87-3af8-4c1c-9319-81609b79b03d', '{"principal":"compat","causationId":"0b8ea753-10a7-4457-a867-3d19d1f91aa8","correlationId":"0b8ea753-10a7-4457-a867-3d19d1f91aa8"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r15","onHand":30}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.086Z', 'e2318d15d2afcb8ad1ad3db6ff968b18ef50ddd5d5879b916e492de2a95d117e', '53aacbb962432a0c1e8076f478dd7e88b6e121714b2a70aad9883414e4eb26c8');
INSERT INTO tally_events.domain_event_entry VALUES (27, 'COMPAT-1', 26, 'InventoryItem', 'cd8549a6-aa38-4435-89d1-752c68b5dd69', '{"principal":"compat","causationId":"5b68e28f-85ea-423d-9fdc-a7b3ad73142b","correlationId":"5b68e28f-85ea-423d-9fdc-a7b3ad73142b"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r26","onHand":52}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.822Z', '1afdcc3e25e3b0fc45d1869e658b0b9cbf228144e0e5085842a5a3ab401c15dd', '0a50b39d4eea8c64097bf68ec3262469084b44e656b99bd1a06be2c305ec3ee3');
INSERT INTO tally_events.domain_event_entry VALUES (39, 'COMPAT-1', 38, 'InventoryItem', '8e640343-58e9-462d-9d8b-c00999150bef', '{"principal":"compat","causationId":"dde2a158-26d5-40c2-871f-6a41a0870a23","correlationId":"dde2a158-26d5-40c2-871f-6a41a0870a23"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r38","onHand":76}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.610Z', '868a4ed7b3538b8fd0f34c28854fbac559d83081734894477ac69a4ee32cd1ec', 'b0ee9d12e6bc3bc1e371b5cab769028ca1a3dcd67535c1020a3ae61d45f9fc13');
INSERT INTO tally_events.domain_event_entry VALUES (17, 'COMPAT-1', 16, 'InventoryItem', '28a7b797-6825-4db6-a1f2-0286053c49ca', '{"principal":"compat","causationId":"9d562d14-02f0-4bdd-ac4c-a8f9750a208a","correlationId":"9d562d14-02f0-4bdd-ac4c-a8f9750a208a"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r16","onHand":32}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.161Z', 'd7053fceebad23ef186a8e988146ee476af74ba99602ee48f34dcaabfc83d11d', 'e2318d15d2afcb8ad1ad3db6ff968b18ef50ddd5d5879b916e492de2a95d117e');
INSERT INTO tally_events.domain_event_entry VALUES (18, 'COMPAT-1', 17, 'InventoryItem', 'b555bd07-115b-4846-9cda-a5bba29cca5b', '{"principal":"compat","causationId":"fa592837-ae08-4d54-861a-0fd42d5e0d57","correlationId":"fa592837-ae08-4d54-861a-0fd42d5e0d57"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r17","onHand":34}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.214Z', 'dc1f12548c188a64efed4d9e64845c79293d7b5f5bbceecb9843498072cac5c9', 'd7053fceebad23ef186a8e988146ee476af74ba99602ee48f34dcaabfc83d11d');
INSERT INTO tally_events.domain_event_entry VALUES (19, 'COMPAT-1', 18, 'InventoryItem', '87036a23-8398-4a2a-b400-dc96b42656d7', '{"principal":"compat","causationId":"17e8cc52-6622-4639-9d38-b22e430e4e4c","correlationId":"17e8cc52-6622-4639-9d38-b22e430e4e4c"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r18","onHand":36}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.290Z', '1266cf93ec7866691b3b491261640aad8fa4570ae98a9e8d4c53f551be532a4a', 'dc1f12548c188a64efed4d9e64845c79293d7b5f5bbceecb9843498072cac5c9');
INSERT INTO tally_events.domain_event_entry VALUES (20, 'COMPAT-1', 19, 'InventoryItem', '46bdabc2-5b43-4076-a13b-e4af17f8fcfd', '{"principal":"compat","causationId":"9a612902-ae5f-4e2b-8d83-3f530fbae7fc","correlationId":"9a612902-ae5f-4e2b-8d83-3f530fbae7fc"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r19","onHand":38}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.363Z', 'f61d1d3f7e0f680f8d7fc1310889f48cf12be003c2e737c4e27b0835c42f1ea6', '1266cf93ec7866691b3b491261640aad8fa4570ae98a9e8d4c53f551be532a4a');
INSERT INTO tally_events.domain_event_entry VALUES (21, 'COMPAT-1', 20, 'InventoryItem', 'c364a5d5-8e8d-4773-9fa7-778fbcde32ae', '{"principal":"compat","causationId":"61796921-5e71-402b-a4b8-4155096db055","correlationId":"61796921-5e71-402b-a4b8-4155096db055"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r20","onHand":40}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.437Z', '87d1566f8a2a46a2639fcbf14c8a50150656ee82944da98886624f1a2fda6eaf', 'f61d1d3f7e0f680f8d7fc1310889f48cf12be003c2e737c4e27b0835c42f1ea6');
INSERT INTO tally_events.domain_event_entry VALUES (22, 'COMPAT-1', 21, 'InventoryItem', '72a59de9-f1aa-44bb-9cdd-e9b2d0e14bd6', '{"principal":"compat","causationId":"755a987d-2304-4569-8819-9d1be76f5f67","correlationId":"755a987d-2304-4569-8819-9d1be76f5f67"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r21","onHand":42}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.508Z', '7c14c1878312b9b2a7d1544f1868d63eddd3b5ab06cc5e6c85b2f5e023b44526', '87d1566f8a2a46a2639fcbf14c8a50150656ee82944da98886624f1a2fda6eaf');
INSERT INTO tally_events.domain_event_entry VALUES (23, 'COMPAT-1', 22, 'InventoryItem', '60e07f28-b41a-4a23-b945-d5b8538d0de6', '{"principal":"compat","causationId":"a888ed52-42a9-4b15-9fa8-1975c45a7246","correlationId":"a888ed52-42a9-4b15-9fa8-1975c45a7246"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r22","onHand":44}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.583Z', '0419f70c7fa6ad6a5fe537cd8f7e6b5733cf41dbc1e7222eba7f5ead8805408e', '7c14c1878312b9b2a7d1544f1868d63eddd3b5ab06cc5e6c85b2f5e023b44526');
INSERT INTO tally_events.domain_event_entry VALUES (24, 'COMPAT-1', 23, 'InventoryItem', 'c3342d59-714f-4a10-ba60-3764f11159b1', '{"principal":"compat","causationId":"d37024b4-9353-45c9-bf32-9a02f8019ada","correlationId":"d37024b4-9353-45c9-bf32-9a02f8019ada"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r23","onHand":46}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.646Z', 'b222f81c71025e97ec0b121a3925fc30ad57990a5297c0eccc72f640579b6c94', '0419f70c7fa6ad6a5fe537cd8f7e6b5733cf41dbc1e7222eba7f5ead8805408e');
INSERT INTO tally_events.domain_event_entry VALUES (26, 'COMPAT-1', 25, 'InventoryItem', 'aff40bfa-afc3-455a-8064-46f67a387155', '{"principal":"compat","causationId":"136c3e21-72fb-45cc-8065-29d957a9e2dd","correlationId":"136c3e21-72fb-45cc-8065-29d957a9e2dd"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r25","onHand":50}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.770Z', '0a50b39d4eea8c64097bf68ec3262469084b44e656b99bd1a06be2c305ec3ee3', 'f8a7bf54f6c9bf2fe64a8d35686160e5681bf7c6115495caa046ab92216d1f31');
INSERT INTO tally_events.domain_event_entry VALUES (28, 'COMPAT-1', 27, 'InventoryItem', '30ae06df-a5b7-4ae6-8a25-9c856d4af51e', '{"principal":"compat","causationId":"d132fa19-fb6d-4b5a-80a2-35ee86fd7d0c","correlationId":"d132fa19-fb6d-4b5a-80a2-35ee86fd7d0c"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r27","onHand":54}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.881Z', '4761c9c058b1e4ca5107eb62b0a0737cac70613441f956fc609fbcee8843744d', '1afdcc3e25e3b0fc45d1869e658b0b9cbf228144e0e5085842a5a3ab401c15dd');
INSERT INTO tally_events.domain_event_entry VALUES (29, 'COMPAT-1', 28, 'InventoryItem', 'a5b697e6-c8a5-412a-b4da-6bb2c5824f72', '{"principal":"compat","causationId":"a9e6e0b8-517d-4628-b4dc-99ff19277afa","correlationId":"a9e6e0b8-517d-4628-b4dc-99ff19277afa"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r28","onHand":56}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.945Z', '3c8989218c10dddbb5201f6995691fe2b8fb65221da0c6ac6b4397e66a93aaab', '4761c9c058b1e4ca5107eb62b0a0737cac70613441f956fc609fbcee8843744d');
INSERT INTO tally_events.domain_event_entry VALUES (30, 'COMPAT-1', 29, 'InventoryItem', 'fdf69948-33e9-46f0-902c-7b1383c0caff', '{"principal":"compat","causationId":"264738bd-477c-4fe0-a819-2d49155685df","correlationId":"264738bd-477c-4fe0-a819-2d49155685df"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r29","onHand":58}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.018Z', '61a3559565290bab4a360c6049a40724d4603857aacb1f56687d5c7a41d940b1', '3c8989218c10dddbb5201f6995691fe2b8fb65221da0c6ac6b4397e66a93aaab');
INSERT INTO tally_events.domain_event_entry VALUES (31, 'COMPAT-1', 30, 'InventoryItem', '193504cd-277f-4f7d-afbc-b318e66b6407', '{"principal":"compat","causationId":"d65c2fa6-59cf-4207-96d4-0ac35ab4657f","correlationId":"d65c2fa6-59cf-4207-96d4-0ac35ab4657f"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r30","onHand":60}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.091Z', 'a5de71f0feda57632e36466fd79beef07269b0e92e24c02b7339ec7b03b3182b', '61a3559565290bab4a360c6049a40724d4603857aacb1f56687d5c7a41d940b1');
INSERT INTO tally_events.domain_event_entry VALUES (32, 'COMPAT-1', 31, 'InventoryItem', '272a0d95-acfe-4ef4-ac01-196c814fc0cb', '{"principal":"compat","causationId":"a0654f5b-505b-4bc4-8518-e88d452f5a84","correlationId":"a0654f5b-505b-4bc4-8518-e88d452f5a84"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r31","onHand":62}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.169Z', '8e1684f36a630e559da2ffd1d0437414b4383a9abef345c2d1188e590d0943c7', 'a5de71f0feda57632e36466fd79beef07269b0e92e24c02b7339ec7b03b3182b');
INSERT INTO tally_events.domain_event_entry VALUES (33, 'COMPAT-1', 32, 'InventoryItem', '11aca35b-3870-4979-b889-638bd4c36403', '{"principal":"compat","causationId":"4e5482d5-0c63-43e5-b390-c929bb8c27ac","correlationId":"4e5482d5-0c63-43e5-b390-c929bb8c27ac"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r32","onHand":64}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.237Z', '751a3d0fce3c68fcdc34355d2c5e472f211bcb17f3902fcdcbb41374a5aa4610', '8e1684f36a630e559da2ffd1d0437414b4383a9abef345c2d1188e590d0943c7');
INSERT INTO tally_events.domain_event_entry VALUES (25, 'COMPAT-1', 24, 'InventoryItem', '956f5bf8-96e0-44b0-aa2a-cd031194d703', '{"principal":"compat","causationId":"f11f84c2-3297-47a2-b9c9-1f90b858f328","correlationId":"f11f84c2-3297-47a2-b9c9-1f90b858f328"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r24","onHand":48}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:06.710Z', 'f8a7bf54f6c9bf2fe64a8d35686160e5681bf7c6115495caa046ab92216d1f31', 'b222f81c71025e97ec0b121a3925fc30ad57990a5297c0eccc72f640579b6c94');
INSERT INTO tally_events.domain_event_entry VALUES (50, 'COMPAT-1', 49, 'InventoryItem', 'aa628f70-6c18-460c-ab2d-636336f052f6', '{"principal":"compat","causationId":"0d918847-e407-4181-bc7e-63ee39d7543d","correlationId":"0d918847-e407-4181-bc7e-63ee39d7543d"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r49","onHand":98}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.243Z', 'a2199b9208d7def75ccd9fcbc1b3eeaf9e3845bce46bfd34c8bd9ff19fda9e89', 'dc768ba801cbcce9d2068f261c3f7c6af5f87b0da3a6c9f949ff70427515dc10');
INSERT INTO tally_events.domain_event_entry VALUES (57, 'COMPAT-1', 56, 'InventoryItem', '8dc5080b-cabc-41f3-ae67-707a6a08a99e', '{"principal":"compat","causationId":"78b2b84b-1731-469a-ad0f-6d54bdc03d27","correlationId":"78b2b84b-1731-469a-ad0f-6d54bdc03d27"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r56","onHand":112}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.692Z', 'a039a68fafae4c971fa16fd51ed4d0d4a89e3e8487563a212787dd316c6c1309', '3145b7643fb45fc712df7a66e885fcc62fe70df435ca07809772195266037263');
INSERT INTO tally_events.domain_event_entry VALUES (66, 'COMPAT-1', 62, 'InventoryItem', '44ffa4f5-c5b3-47cf-8bcb-0bd60860a609', '{"principal":"compat","causationId":"d30e7d85-126c-484c-8801-d02a0c9a31bc","correlationId":"2ad2c769-d4b0-47cb-ad07-39ae6b0c475b"}', '{"sku":"COMPAT-1","orderId":"ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9","quantity":1,"reserved":2}', NULL, 'io.tally.api.inventory.StockReservedEvent', '2026-12-02T19:04:09.292Z', '3fa3a4dda265b81e32698536c6ce685983e73544e0a9631a494cffcb15912c32', '684641bb65c331988fddb579dddbb665409642858730860f2b725db0f03a579c');
INSERT INTO tally_events.domain_event_entry VALUES (69, 'pay_ac0a6b61-e7be-45a2-b2f1-76a195c4ae54', 0, 'Payment', '79686bb6-6ff5-4434-9cf2-8414448a55d2', '{"principal":"compat","causationId":"95f423ba-bf45-4a74-b382-abe677b15035","correlationId":"2ad2c769-d4b0-47cb-ad07-39ae6b0c475b"}', '{"paymentId":"pay_ac0a6b61-e7be-45a2-b2f1-76a195c4ae54","orderId":"ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9","amount":{"amount":1500,"currency":"EUR"},"gatewayReference":"sandbox_auth_d1b98019-1642-4ca2-bd71-a38ab5e9573b"}', NULL, 'io.tally.api.payment.PaymentAuthorizedEvent', '2026-12-02T19:04:09.365Z', 'd1c0ef1431548bc5bddae414b49fd31c858c0fd87b87056c720786c8efeae494', NULL);
INSERT INTO tally_events.domain_event_entry VALUES (72, 'ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9', 1, 'Order', 'e77f8bf1-b4bf-4ef9-96a2-f80e4255fcfb', '{"principal":"compat","causationId":"3e22da70-25ae-49e4-b168-27626ab43a64","correlationId":"2ad2c769-d4b0-47cb-ad07-39ae6b0c475b"}', '{"orderId":"ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9","paymentId":"pay_ac0a6b61-e7be-45a2-b2f1-76a195c4ae54"}', NULL, 'io.tally.api.order.OrderConfirmedEvent', '2026-12-02T19:04:09.515Z', 'ff674b35968ea968c4f20bc7bb4ee7e6095cd684a6ff29abe9012a2390620bdf', '9c4eea77648b5a268b921f66c9123652514233bd16ddab87e50a9b1ad2ef0f24');
INSERT INTO tally_events.domain_event_entry VALUES (34, 'COMPAT-1', 33, 'InventoryItem', '9c04e981-cf27-4d18-a57a-8abd00a69c27', '{"principal":"compat","causationId":"1602554e-70fa-4a82-9a20-d3b342e5f198","correlationId":"1602554e-70fa-4a82-9a20-d3b342e5f198"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r33","onHand":66}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.306Z', '2c147c781a277d2d4ed652c314d9788c5db7830e441d27f038ae4da716709ab0', '751a3d0fce3c68fcdc34355d2c5e472f211bcb17f3902fcdcbb41374a5aa4610');
INSERT INTO tally_events.domain_event_entry VALUES (35, 'COMPAT-1', 34, 'InventoryItem', '6c461978-721b-4f56-899a-f22f9953acf0', '{"principal":"compat","causationId":"d7fcd511-f998-4009-b7c3-1473201b1603","correlationId":"d7fcd511-f998-4009-b7c3-1473201b1603"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r34","onHand":68}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.366Z', '53eee9c6691682078e7e08440e26cdf20d31dbd69d7bb02fa0de810f9ea568b1', '2c147c781a277d2d4ed652c314d9788c5db7830e441d27f038ae4da716709ab0');
INSERT INTO tally_events.domain_event_entry VALUES (36, 'COMPAT-1', 35, 'InventoryItem', 'fd3f006e-8596-464e-b7f6-1357f49a7ba9', '{"principal":"compat","causationId":"ca7779d7-8c7c-4f13-b193-ce58ab4fba2b","correlationId":"ca7779d7-8c7c-4f13-b193-ce58ab4fba2b"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r35","onHand":70}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.430Z', 'dd2702b775545b8218ec0dd6355b991f4a0c52fd35b2481ebcec24f1c1091350', '53eee9c6691682078e7e08440e26cdf20d31dbd69d7bb02fa0de810f9ea568b1');
INSERT INTO tally_events.domain_event_entry VALUES (37, 'COMPAT-1', 36, 'InventoryItem', 'ea831378-97e2-4333-80ec-7bfb099ae4c0', '{"principal":"compat","causationId":"1087af3d-365b-4150-872e-2edc813ff576","correlationId":"1087af3d-365b-4150-872e-2edc813ff576"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r36","onHand":72}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.491Z', 'bfd6e351621e841617d9da9acaf51d6d914d8c3eb84a9dd9d4fd302cd21364fc', 'dd2702b775545b8218ec0dd6355b991f4a0c52fd35b2481ebcec24f1c1091350');
INSERT INTO tally_events.domain_event_entry VALUES (38, 'COMPAT-1', 37, 'InventoryItem', 'fd6701ca-31fa-45d7-93e9-9f13a419e64a', '{"principal":"compat","causationId":"f511eda4-4474-447e-8bfc-f3ed1ecacffc","correlationId":"f511eda4-4474-447e-8bfc-f3ed1ecacffc"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r37","onHand":74}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.542Z', 'b0ee9d12e6bc3bc1e371b5cab769028ca1a3dcd67535c1020a3ae61d45f9fc13', 'bfd6e351621e841617d9da9acaf51d6d914d8c3eb84a9dd9d4fd302cd21364fc');
INSERT INTO tally_events.domain_event_entry VALUES (40, 'COMPAT-1', 39, 'InventoryItem', '233e2672-9524-4729-8d44-d803f4085ff1', '{"principal":"compat","causationId":"d98f70d5-6004-4ec1-9035-a656fce716da","correlationId":"d98f70d5-6004-4ec1-9035-a656fce716da"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r39","onHand":78}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.672Z', '83ed8aeba3b2410be55aae173f60eccfeec5475e6c20c1a20c056c5a6fa99c26', '868a4ed7b3538b8fd0f34c28854fbac559d83081734894477ac69a4ee32cd1ec');
INSERT INTO tally_events.domain_event_entry VALUES (41, 'COMPAT-1', 40, 'InventoryItem', 'd088954a-097b-49eb-b947-87ff48caf2c1', '{"principal":"compat","causationId":"ba519e08-403a-463d-8b0a-d961ae218b0f","correlationId":"ba519e08-403a-463d-8b0a-d961ae218b0f"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r40","onHand":80}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.738Z', '3bd2ec430f526b1aa73fba208a074e91511f8637655e6c3a193a53e0c0306a87', '83ed8aeba3b2410be55aae173f60eccfeec5475e6c20c1a20c056c5a6fa99c26');
INSERT INTO tally_events.domain_event_entry VALUES (42, 'COMPAT-1', 41, 'InventoryItem', 'd87c36fd-bc01-44f1-be59-39b29fd645fe', '{"principal":"compat","causationId":"d25dbb18-9e76-4de2-a9ba-92ac4e72f018","correlationId":"d25dbb18-9e76-4de2-a9ba-92ac4e72f018"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r41","onHand":82}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.790Z', '9ffba9daede92054c39cbf68006aebbaecf5d0e3f0c6db14e6cf11b1ebe2a8f0', '3bd2ec430f526b1aa73fba208a074e91511f8637655e6c3a193a53e0c0306a87');
INSERT INTO tally_events.domain_event_entry VALUES (43, 'COMPAT-1', 42, 'InventoryItem', '99bbf822-6dec-489d-a8c9-64c32199d047', '{"principal":"compat","causationId":"da82325b-9ff2-41a1-89ee-9de05c0ff730","correlationId":"da82325b-9ff2-41a1-89ee-9de05c0ff730"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r42","onHand":84}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.844Z', 'f63ec4bfa99dc6b5ae6e1f36b0540f25870b4ff79456cdcb7a16cad6c4e717e7', '9ffba9daede92054c39cbf68006aebbaecf5d0e3f0c6db14e6cf11b1ebe2a8f0');
INSERT INTO tally_events.domain_event_entry VALUES (44, 'COMPAT-1', 43, 'InventoryItem', '4fbc1a1e-2ca5-41da-94a2-aa9c8793f1d1', '{"principal":"compat","causationId":"bb8cf2e9-613d-4fa3-8ad5-435e9097a935","correlationId":"bb8cf2e9-613d-4fa3-8ad5-435e9097a935"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r43","onHand":86}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.908Z', '5955a9c69e5dcd03d0ef52499498136332c1c850089706efbd4c624471dfc63b', 'f63ec4bfa99dc6b5ae6e1f36b0540f25870b4ff79456cdcb7a16cad6c4e717e7');
INSERT INTO tally_events.domain_event_entry VALUES (45, 'COMPAT-1', 44, 'InventoryItem', 'b59e0587-21c3-4e45-8cfa-4e48f5b83f20', '{"principal":"compat","causationId":"6a5ce327-4f0a-43df-8be8-3bb5d44baba3","correlationId":"6a5ce327-4f0a-43df-8be8-3bb5d44baba3"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r44","onHand":88}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:07.961Z', '7c503210591242421a046ceab37342f0e67608a2ddb4b6c803e30cb75a761925', '5955a9c69e5dcd03d0ef52499498136332c1c850089706efbd4c624471dfc63b');
INSERT INTO tally_events.domain_event_entry VALUES (46, 'COMPAT-1', 45, 'InventoryItem', 'c82ef866-c26a-4c5e-baa8-4a2fda971e70', '{"principal":"compat","causationId":"0cec6e36-c852-47c6-8d3a-30535a7b05c3","correlationId":"0cec6e36-c852-47c6-8d3a-30535a7b05c3"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r45","onHand":90}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.026Z', '16f2c42c27ee5eee1b47089497e7ace5831bb61788fe38124b4674c0359498cd', '7c503210591242421a046ceab37342f0e67608a2ddb4b6c803e30cb75a761925');
INSERT INTO tally_events.domain_event_entry VALUES (47, 'COMPAT-1', 46, 'InventoryItem', 'b0a79ad7-fcc6-42de-b30c-41990b2e5152', '{"principal":"compat","causationId":"a79fee35-d23f-4098-91bf-4f2a90c38a10","correlationId":"a79fee35-d23f-4098-91bf-4f2a90c38a10"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r46","onHand":92}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.094Z', 'cc1355426fe2ac3d288dfe884198fcee7212b09559a616083a9c8acc3d094ce0', '16f2c42c27ee5eee1b47089497e7ace5831bb61788fe38124b4674c0359498cd');
INSERT INTO tally_events.domain_event_entry VALUES (48, 'COMPAT-1', 47, 'InventoryItem', 'f0c37259-7442-4ddf-bafc-b6edb6d56af9', '{"principal":"compat","causationId":"9cd8dc51-e111-4d56-9447-aff75d1cc8a3","correlationId":"9cd8dc51-e111-4d56-9447-aff75d1cc8a3"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r47","onHand":94}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.142Z', 'a3ec90c7b845b17d74d5064eff7e93164c8936733c5f7859bc1f5b59d02daf88', 'cc1355426fe2ac3d288dfe884198fcee7212b09559a616083a9c8acc3d094ce0');
INSERT INTO tally_events.domain_event_entry VALUES (49, 'COMPAT-1', 48, 'InventoryItem', '089cea9d-565a-4595-9612-ffe0627b6bf3', '{"principal":"compat","causationId":"b28507cd-f77d-47c9-ab0c-7c4806b3cd1f","correlationId":"b28507cd-f77d-47c9-ab0c-7c4806b3cd1f"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r48","onHand":96}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.204Z', 'dc768ba801cbcce9d2068f261c3f7c6af5f87b0da3a6c9f949ff70427515dc10', 'a3ec90c7b845b17d74d5064eff7e93164c8936733c5f7859bc1f5b59d02daf88');
INSERT INTO tally_events.domain_event_entry VALUES (51, 'COMPAT-1', 50, 'InventoryItem', '7481e2eb-b321-41ae-9648-23f5b38b5da7', '{"principal":"compat","causationId":"548d7ab9-f01e-4b03-86b6-b1f218fcfdd0","correlationId":"548d7ab9-f01e-4b03-86b6-b1f218fcfdd0"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r50","onHand":100}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.384Z', '27d344ecd3d8aac1f15937b752be365a264a90a5302f3abc517fd4ceba293ddc', 'a2199b9208d7def75ccd9fcbc1b3eeaf9e3845bce46bfd34c8bd9ff19fda9e89');
INSERT INTO tally_events.domain_event_entry VALUES (52, 'COMPAT-1', 51, 'InventoryItem', 'bde5bb22-57a8-4712-9128-bc080e2f2327', '{"principal":"compat","causationId":"7c59e599-bfcb-4ea5-9b63-999794a6b274","correlationId":"7c59e599-bfcb-4ea5-9b63-999794a6b274"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r51","onHand":102}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.422Z', 'b89b7a67a27b388551cfc1d539dfc1949419c703c42d5a97887ebc1211e65b00', '27d344ecd3d8aac1f15937b752be365a264a90a5302f3abc517fd4ceba293ddc');
INSERT INTO tally_events.domain_event_entry VALUES (53, 'COMPAT-1', 52, 'InventoryItem', 'b03a4936-2460-40bd-9e4a-df93e7842508', '{"principal":"compat","causationId":"bfe861de-369a-4b5c-acd3-9b5a81307eef","correlationId":"bfe861de-369a-4b5c-acd3-9b5a81307eef"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r52","onHand":104}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.454Z', '929613e5f4e9956993c75a99e3129573dbbbfe161ba73fda5a01a55b5c6bf7a1', 'b89b7a67a27b388551cfc1d539dfc1949419c703c42d5a97887ebc1211e65b00');
INSERT INTO tally_events.domain_event_entry VALUES (54, 'COMPAT-1', 53, 'InventoryItem', '443d9378-0577-48b2-a11e-43877b513a32', '{"principal":"compat","causationId":"a658a0b5-8405-4c9b-8cbf-970d9dd2a47b","correlationId":"a658a0b5-8405-4c9b-8cbf-970d9dd2a47b"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r53","onHand":106}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.508Z', '3a50f2f271e3052911569fe683592910e782809b57195f46abe4eb9b7315d020', '929613e5f4e9956993c75a99e3129573dbbbfe161ba73fda5a01a55b5c6bf7a1');
INSERT INTO tally_events.domain_event_entry VALUES (55, 'COMPAT-1', 54, 'InventoryItem', 'f1614c8f-6006-40a8-be88-6864a6302834', '{"principal":"compat","causationId":"15b17bdf-4cdc-41dd-969f-79fb429fa6a9","correlationId":"15b17bdf-4cdc-41dd-969f-79fb429fa6a9"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r54","onHand":108}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.566Z', '57653f0e87d1c480eb541fae0b8d91c75d247e2a40df508ab811271f255797f6', '3a50f2f271e3052911569fe683592910e782809b57195f46abe4eb9b7315d020');
INSERT INTO tally_events.domain_event_entry VALUES (56, 'COMPAT-1', 55, 'InventoryItem', '7551dd26-621b-47f1-9308-af7147bfe63a', '{"principal":"compat","causationId":"12bb2d0f-3571-48f0-80a7-3884ac108eea","correlationId":"12bb2d0f-3571-48f0-80a7-3884ac108eea"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r55","onHand":110}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.638Z', '3145b7643fb45fc712df7a66e885fcc62fe70df435ca07809772195266037263', '57653f0e87d1c480eb541fae0b8d91c75d247e2a40df508ab811271f255797f6');
INSERT INTO tally_events.domain_event_entry VALUES (58, 'COMPAT-1', 57, 'InventoryItem', '73a6b7d0-16e5-4624-a087-15cc6716d3d8', '{"principal":"compat","causationId":"b1ef1394-eb80-4de7-9a57-60387c5b7d46","correlationId":"b1ef1394-eb80-4de7-9a57-60387c5b7d46"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r57","onHand":114}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.769Z', '9091eb0bb9fbe34899dfb37c9642f704209a685dacd772ab9db7e2e16e31fb6f', 'a039a68fafae4c971fa16fd51ed4d0d4a89e3e8487563a212787dd316c6c1309');
INSERT INTO tally_events.domain_event_entry VALUES (59, 'COMPAT-1', 58, 'InventoryItem', 'db207761-f7aa-40c3-b00d-b2182edcf34c', '{"principal":"compat","causationId":"a847f327-34f6-4a03-b62d-315e1c9fd6a4","correlationId":"a847f327-34f6-4a03-b62d-315e1c9fd6a4"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r58","onHand":116}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.829Z', '86dad3bda4834e7811641131781a3a957ca3b3e0a58838d2663af1f0cf24ddb7', '9091eb0bb9fbe34899dfb37c9642f704209a685dacd772ab9db7e2e16e31fb6f');
INSERT INTO tally_events.domain_event_entry VALUES (60, 'COMPAT-1', 59, 'InventoryItem', 'c3cd2bb8-d673-4741-b10f-647c8e1b4769', '{"principal":"compat","causationId":"8391412c-2eb2-4f11-85bd-0ec8705e54cf","correlationId":"8391412c-2eb2-4f11-85bd-0ec8705e54cf"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r59","onHand":118}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.867Z', 'cf2df73c39fca28c34caf25378eafa0ad54560dbd88baab7399d09353deb2657', '86dad3bda4834e7811641131781a3a957ca3b3e0a58838d2663af1f0cf24ddb7');
INSERT INTO tally_events.domain_event_entry VALUES (61, 'COMPAT-1', 60, 'InventoryItem', '2fb85a50-f0d7-4ffd-afd5-03a48cffe469', '{"principal":"compat","causationId":"63ff4c9a-b739-410d-a106-423cba1525a9","correlationId":"63ff4c9a-b739-410d-a106-423cba1525a9"}', '{"sku":"COMPAT-1","quantity":2,"reference":"r60","onHand":120}', NULL, 'io.tally.api.inventory.StockReceivedEvent', '2026-12-02T19:04:08.918Z', '8823ed01171109ecca3605337b985854346a7a7e99006aaee2f7d1288a4eb828', 'cf2df73c39fca28c34caf25378eafa0ad54560dbd88baab7399d09353deb2657');
INSERT INTO tally_events.domain_event_entry VALUES (62, 'ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219', 0, 'Order', '73d94415-9ccf-453c-ac0b-f7ca082df319', '{"principal":"compat","causationId":"d7ab4ad6-584d-461b-b7bb-53f9f4f2fc07","correlationId":"d7ab4ad6-584d-461b-b7bb-53f9f4f2fc07"}', '{"orderId":"ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219","customerId":"compat-cust","customerName":"tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:OB5+3cBKt6QceeP0c+T8FA++aif/Mk92mhS/UW5gUy06eYwnOddZg6oGRg==","customerEmail":"tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:Jg5VJmAhyPefD+ZwdBPCNpjUjsX72KIupBH4nne7FWKpyF6SLArmqrXoLYfltg==","currency":"EUR","lines":[{"sku":"COMPAT-1","name":"Compat widget","quantity":1,"unitPrice":{"amount":1250,"currency":"EUR"},"taxRateBasisPoints":2000,"subtotal":{"amount":1250,"currency":"EUR"},"discount":{"amount":0,"currency":"EUR"},"tax":{"amount":250,"currency":"EUR"},"total":{"amount":1500,"currency":"EUR"}}],"discountCode":null,"totals":{"subtotal":{"amount":1250,"currency":"EUR"},"discount":{"amount":0,"currency":"EUR"},"tax":{"amount":250,"currency":"EUR"},"total":{"amount":1500,"currency":"EUR"}},"paymentId":"pay_3fefcc29-fade-4031-8917-9309863761ac"}', '2', 'io.tally.api.order.OrderPlacedEvent', '2026-12-02T19:04:09.097Z', 'bd1af42b108ddc9b29a55413214b77732c34f3cf0d108212063ebdcc4f2f15a6', NULL);
INSERT INTO tally_events.domain_event_entry VALUES (63, 'ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9', 0, 'Order', '9d0d7ece-a928-406f-84bb-0c8272aeed37', '{"principal":"compat","causationId":"2ad2c769-d4b0-47cb-ad07-39ae6b0c475b","correlationId":"2ad2c769-d4b0-47cb-ad07-39ae6b0c475b"}', '{"orderId":"ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9","customerId":"compat-cust","customerName":"tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:x9HR8LIo1jjG6SrAs5oxo1wLq1CTEI1MmM7Ji3xMCpiRzPYAL/Y+YfOcPw==","customerEmail":"tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:PxMQjU8x16OSSU4b827oCEOVbML8DPBQ9hHR8vhYCDrgi2Gso03p4IV4Ot/Frg==","currency":"EUR","lines":[{"sku":"COMPAT-1","name":"Compat widget","quantity":1,"unitPrice":{"amount":1250,"currency":"EUR"},"taxRateBasisPoints":2000,"subtotal":{"amount":1250,"currency":"EUR"},"discount":{"amount":0,"currency":"EUR"},"tax":{"amount":250,"currency":"EUR"},"total":{"amount":1500,"currency":"EUR"}}],"discountCode":null,"totals":{"subtotal":{"amount":1250,"currency":"EUR"},"discount":{"amount":0,"currency":"EUR"},"tax":{"amount":250,"currency":"EUR"},"total":{"amount":1500,"currency":"EUR"}},"paymentId":"pay_ac0a6b61-e7be-45a2-b2f1-76a195c4ae54"}', '2', 'io.tally.api.order.OrderPlacedEvent', '2026-12-02T19:04:09.169Z', '9c4eea77648b5a268b921f66c9123652514233bd16ddab87e50a9b1ad2ef0f24', NULL);
INSERT INTO tally_events.domain_event_entry VALUES (64, 'COMPAT-1', 61, 'InventoryItem', 'a082bf0b-5387-4901-85e0-b0e7da12fd38', '{"principal":"compat","causationId":"df4bec9b-7ccd-4958-8217-07d866814806","correlationId":"d7ab4ad6-584d-461b-b7bb-53f9f4f2fc07"}', '{"sku":"COMPAT-1","orderId":"ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219","quantity":1,"reserved":1}', NULL, 'io.tally.api.inventory.StockReservedEvent', '2026-12-02T19:04:09.193Z', '684641bb65c331988fddb579dddbb665409642858730860f2b725db0f03a579c', '8823ed01171109ecca3605337b985854346a7a7e99006aaee2f7d1288a4eb828');
INSERT INTO tally_events.domain_event_entry VALUES (70, 'pay_3fefcc29-fade-4031-8917-9309863761ac', 0, 'Payment', '4b78489d-3f8d-489d-8727-d807a388dd33', '{"principal":"compat","causationId":"4b254642-15fd-4aa1-9e3c-65b43ab4e53c","correlationId":"d7ab4ad6-584d-461b-b7bb-53f9f4f2fc07"}', '{"paymentId":"pay_3fefcc29-fade-4031-8917-9309863761ac","orderId":"ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219","amount":{"amount":1500,"currency":"EUR"}}', NULL, 'io.tally.api.payment.PaymentAuthorizationPendingEvent', '2026-12-02T19:04:09.378Z', 'b0cf7ca9473045539ceab4cfec1f3276e97d5633bfe4e858e51fdfb522d32dfe', NULL);
INSERT INTO tally_events.domain_event_entry VALUES (65, 'ord_4384bd5f-2f47-445c-a0a5-72adf139bf36', 0, 'Order', '84e28a74-ee8d-4995-bb95-aa5bdc58f718', '{"principal":"compat","causationId":"508c710c-b8e5-4cd6-9a90-18bd9ee64563","correlationId":"508c710c-b8e5-4cd6-9a90-18bd9ee64563"}', '{"orderId":"ord_4384bd5f-2f47-445c-a0a5-72adf139bf36","customerId":"compat-cust","customerName":"tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:wU/rs3pR37U2DuTFbdGriEi7sWlzm31ODkALyHZpdJmV04frKlzJHOlNJg==","customerEmail":"tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:Doj8/N/2WnsO8qf4b9P62FLHOmXSTUeNxvGIekni3xGZZgqLqk15V/JBv9cdfA==","currency":"EUR","lines":[{"sku":"COMPAT-1","name":"Compat widget","quantity":1,"unitPrice":{"amount":1250,"currency":"EUR"},"taxRateBasisPoints":2000,"subtotal":{"amount":1250,"currency":"EUR"},"discount":{"amount":0,"currency":"EUR"},"tax":{"amount":250,"currency":"EUR"},"total":{"amount":1500,"currency":"EUR"}}],"discountCode":null,"totals":{"subtotal":{"amount":1250,"currency":"EUR"},"discount":{"amount":0,"currency":"EUR"},"tax":{"amount":250,"currency":"EUR"},"total":{"amount":1500,"currency":"EUR"}},"paymentId":"pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a"}', '2', 'io.tally.api.order.OrderPlacedEvent', '2026-12-02T19:04:09.291Z', 'e351c852bb8b3c44e185960f729f3c10dac4352574b14ac1774b6120f64fe6af', NULL);
INSERT INTO tally_events.domain_event_entry VALUES (67, 'COMPAT-1', 63, 'InventoryItem', '276aa6f2-8c17-482f-b687-61b7c96b0a25', '{"principal":"compat","causationId":"2daddd80-9e7b-4a47-9f50-3c648fdaef86","correlationId":"508c710c-b8e5-4cd6-9a90-18bd9ee64563"}', '{"sku":"COMPAT-1","orderId":"ord_4384bd5f-2f47-445c-a0a5-72adf139bf36","quantity":1,"reserved":3}', NULL, 'io.tally.api.inventory.StockReservedEvent', '2026-12-02T19:04:09.337Z', '7ec0d9743ad5fc91dfd5ce27a20c504f6a226320309c6aaa61c42f86a70125af', '3fa3a4dda265b81e32698536c6ce685983e73544e0a9631a494cffcb15912c32');
INSERT INTO tally_events.domain_event_entry VALUES (68, 'pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a', 0, 'Payment', '39b17e97-62a1-492b-bd8e-be5faf5754ce', '{"principal":"compat","causationId":"c81ae952-c3e5-4935-b9c9-9fd4a34ff4e9","correlationId":"508c710c-b8e5-4cd6-9a90-18bd9ee64563"}', '{"paymentId":"pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a","orderId":"ord_4384bd5f-2f47-445c-a0a5-72adf139bf36","amount":{"amount":1500,"currency":"EUR"},"gatewayReference":"sandbox_auth_d4a383da-e366-4f5c-9524-d3224ea2bfa4"}', NULL, 'io.tally.api.payment.PaymentAuthorizedEvent', '2026-12-02T19:04:09.391Z', '8a825787cbc053a7388c01792df01d14d300f39328147cc3ae362f5d1edd26d1', NULL);
INSERT INTO tally_events.domain_event_entry VALUES (71, 'ord_4384bd5f-2f47-445c-a0a5-72adf139bf36', 1, 'Order', 'e5f1df42-0e98-4f93-af86-e374ff4c03a0', '{"principal":"compat","causationId":"519b4779-e1f2-4ee0-b383-60c78fc4f381","correlationId":"508c710c-b8e5-4cd6-9a90-18bd9ee64563"}', '{"orderId":"ord_4384bd5f-2f47-445c-a0a5-72adf139bf36","paymentId":"pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a"}', NULL, 'io.tally.api.order.OrderConfirmedEvent', '2026-12-02T19:04:09.515Z', 'a812217cea82fa5ed1f9eb125c01a6098cae26e7ab797220b7a249bdf3ff2095', 'e351c852bb8b3c44e185960f729f3c10dac4352574b14ac1774b6120f64fe6af');
INSERT INTO tally_events.domain_event_entry VALUES (73, 'ord_4384bd5f-2f47-445c-a0a5-72adf139bf36', 2, 'Order', '7f7a7838-aa58-461b-8837-45c7349227d9', '{"principal":"compat","causationId":"611deb47-26f6-4b42-866c-9d7b0294e684","correlationId":"611deb47-26f6-4b42-866c-9d7b0294e684"}', '{"orderId":"ord_4384bd5f-2f47-445c-a0a5-72adf139bf36","carrier":"DHL","trackingNumber":"T1"}', NULL, 'io.tally.api.order.OrderShippedEvent', '2026-12-02T19:04:17.186Z', '5309f12fb2d369f5a39ed65c2943078cbfca12035c6cff5076958143225253b7', 'a812217cea82fa5ed1f9eb125c01a6098cae26e7ab797220b7a249bdf3ff2095');
INSERT INTO tally_events.domain_event_entry VALUES (74, 'COMPAT-1', 64, 'InventoryItem', '24533f1d-4db5-4392-8de9-70159969d293', '{"principal":"compat","causationId":"39149ae9-1bdf-4c58-a57f-f660806d7fbd","correlationId":"611deb47-26f6-4b42-866c-9d7b0294e684"}', '{"sku":"COMPAT-1","orderId":"ord_4384bd5f-2f47-445c-a0a5-72adf139bf36","quantity":1,"onHand":119,"reserved":2}', NULL, 'io.tally.api.inventory.StockCommittedEvent', '2026-12-02T19:04:17.213Z', '17a6d022a62279b9e2e2c2a31f26d3935830be5e4e892c37dab59ab495356bbb', '7ec0d9743ad5fc91dfd5ce27a20c504f6a226320309c6aaa61c42f86a70125af');
INSERT INTO tally_events.domain_event_entry VALUES (75, 'pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a', 1, 'Payment', 'a97d2841-1f54-48df-9bb8-a8ca9fc75224', '{"principal":"compat","causationId":"96127f6b-8baf-4d5d-829d-2c4b97367b7b","correlationId":"611deb47-26f6-4b42-866c-9d7b0294e684"}', '{"paymentId":"pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a","orderId":"ord_4384bd5f-2f47-445c-a0a5-72adf139bf36","amount":{"amount":1500,"currency":"EUR"}}', NULL, 'io.tally.api.payment.PaymentCapturedEvent', '2026-12-02T19:04:17.223Z', '220dd0ed4e518cf56603eaf7abbcbf0d43e8c0819300a92359e2325b1b8c5e84', '8a825787cbc053a7388c01792df01d14d300f39328147cc3ae362f5d1edd26d1');


--
-- Data for Name: flyway_history; Type: TABLE DATA; Schema: tally_events; Owner: -
--

INSERT INTO tally_events.flyway_history VALUES (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '"tally_events"', NULL, 'postgres', '2026-12-02 19:03:19.862594', 0, true);
INSERT INTO tally_events.flyway_history VALUES (1, '1', 'event store', 'SQL', 'V1__event_store.sql', -999277806, 'postgres', '2026-12-02 19:03:19.873281', 14, true);
INSERT INTO tally_events.flyway_history VALUES (2, '2', 'hash chain', 'SQL', 'V2__hash_chain.sql', 1601895997, 'postgres', '2026-12-02 19:03:19.904161', 6, true);
INSERT INTO tally_events.flyway_history VALUES (3, '3', 'seals', 'SQL', 'V3__seals.sql', 1486302343, 'postgres', '2026-12-02 19:03:19.921743', 5, true);
INSERT INTO tally_events.flyway_history VALUES (4, '4', 'personal data keys', 'SQL', 'V4__personal_data_keys.sql', -1200377956, 'postgres', '2026-12-02 19:03:19.935547', 8, true);


--
-- Data for Name: personal_data_erasure; Type: TABLE DATA; Schema: tally_events; Owner: -
--



--
-- Data for Name: personal_data_key; Type: TABLE DATA; Schema: tally_events; Owner: -
--

INSERT INTO tally_events.personal_data_key VALUES ('0c5e6b85-8f7e-404b-8f67-d8c376e52ba2', 'compat-cust', '\x06b18a319a8621c871bb68ab864099a0b62a902d81b27a7408b29faad25a9428', '2026-12-02 19:04:09.077493+00');


--
-- Data for Name: seal; Type: TABLE DATA; Schema: tally_events; Owner: -
--



--
-- Data for Name: snapshot_event_entry; Type: TABLE DATA; Schema: tally_events; Owner: -
--

INSERT INTO tally_events.snapshot_event_entry VALUES ('COMPAT-1', 49, 'InventoryItem', 'e374cd6b-58a3-4e86-9d3f-9316d387850e', '{"principal":"compat","causationId":"0d918847-e407-4181-bc7e-63ee39d7543d","correlationId":"0d918847-e407-4181-bc7e-63ee39d7543d"}', '{"name":"Compat widget","onHand":98,"reservations":{},"reserved":0,"sku":"COMPAT-1","taxRateBasisPoints":2000,"unitPrice":{"amount":1250,"currency":"EUR"},"version":49}', '1', 'io.tally.command.inventory.InventoryItem', '2026-12-02T19:04:08.281Z');


--
-- Data for Name: audit_read; Type: TABLE DATA; Schema: tally_query; Owner: -
--



--
-- Data for Name: dead_letter_entry; Type: TABLE DATA; Schema: tally_query; Owner: -
--



--
-- Data for Name: flyway_history; Type: TABLE DATA; Schema: tally_query; Owner: -
--

INSERT INTO tally_query.flyway_history VALUES (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '"tally_query"', NULL, 'postgres', '2026-12-02 19:03:34.290322', 0, true);
INSERT INTO tally_query.flyway_history VALUES (1, '1', 'query side', 'SQL', 'V1__query_side.sql', -86795584, 'postgres', '2026-12-02 19:03:34.350845', 24, true);
INSERT INTO tally_query.flyway_history VALUES (2, '2', 'orders payments', 'SQL', 'V2__orders_payments.sql', 1854169209, 'postgres', '2026-12-02 19:03:34.416163', 17, true);
INSERT INTO tally_query.flyway_history VALUES (3, '3', 'dead letters order lists', 'SQL', 'V3__dead_letters_order_lists.sql', -1274666365, 'postgres', '2026-12-02 19:03:34.451226', 13, true);
INSERT INTO tally_query.flyway_history VALUES (4, '4', 'audit reads', 'SQL', 'V4__audit_reads.sql', -695726062, 'postgres', '2026-12-02 19:03:34.487546', 5, true);
INSERT INTO tally_query.flyway_history VALUES (5, '5', 'payment declines', 'SQL', 'V5__payment_declines.sql', -883585541, 'postgres', '2026-12-02 19:03:34.505203', 9, true);
INSERT INTO tally_query.flyway_history VALUES (6, '6', 'sealed personal data', 'SQL', 'V6__sealed_personal_data.sql', -1858362122, 'postgres', '2026-12-02 19:03:34.526011', 3, true);
INSERT INTO tally_query.flyway_history VALUES (7, '7', 'instances', 'SQL', 'V7__instances.sql', 1135969581, 'postgres', '2026-12-02 19:03:34.541469', 12, true);


--
-- Data for Name: inventory_item; Type: TABLE DATA; Schema: tally_query; Owner: -
--

INSERT INTO tally_query.inventory_item VALUES ('COMPAT-1', 'Compat widget', 1250, 'EUR', 2000, 119, 2, DEFAULT, 64, '2026-12-02 19:04:17.213+00');


--
-- Data for Name: order_view; Type: TABLE DATA; Schema: tally_query; Owner: -
--

INSERT INTO tally_query.order_view VALUES ('ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219', 'compat-cust', 'tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:OB5+3cBKt6QceeP0c+T8FA++aif/Mk92mhS/UW5gUy06eYwnOddZg6oGRg==', 'tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:Jg5VJmAhyPefD+ZwdBPCNpjUjsX72KIupBH4nne7FWKpyF6SLArmqrXoLYfltg==', 'EUR', 'PLACED', '[{"sku": "COMPAT-1", "tax": {"amount": 250, "currency": "EUR"}, "name": "Compat widget", "total": {"amount": 1500, "currency": "EUR"}, "discount": {"amount": 0, "currency": "EUR"}, "quantity": 1, "subtotal": {"amount": 1250, "currency": "EUR"}, "unitPrice": {"amount": 1250, "currency": "EUR"}, "taxRateBasisPoints": 2000}]', 1250, 0, 250, 1500, NULL, 'pay_3fefcc29-fade-4031-8917-9309863761ac', NULL, '2026-12-02 19:04:09.097+00', '2026-12-02 19:04:09.097+00', 0);
INSERT INTO tally_query.order_view VALUES ('ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9', 'compat-cust', 'tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:x9HR8LIo1jjG6SrAs5oxo1wLq1CTEI1MmM7Ji3xMCpiRzPYAL/Y+YfOcPw==', 'tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:PxMQjU8x16OSSU4b827oCEOVbML8DPBQ9hHR8vhYCDrgi2Gso03p4IV4Ot/Frg==', 'EUR', 'CONFIRMED', '[{"sku": "COMPAT-1", "tax": {"amount": 250, "currency": "EUR"}, "name": "Compat widget", "total": {"amount": 1500, "currency": "EUR"}, "discount": {"amount": 0, "currency": "EUR"}, "quantity": 1, "subtotal": {"amount": 1250, "currency": "EUR"}, "unitPrice": {"amount": 1250, "currency": "EUR"}, "taxRateBasisPoints": 2000}]', 1250, 0, 250, 1500, NULL, 'pay_ac0a6b61-e7be-45a2-b2f1-76a195c4ae54', NULL, '2026-12-02 19:04:09.169+00', '2026-12-02 19:04:09.515+00', 1);
INSERT INTO tally_query.order_view VALUES ('ord_4384bd5f-2f47-445c-a0a5-72adf139bf36', 'compat-cust', 'tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:wU/rs3pR37U2DuTFbdGriEi7sWlzm31ODkALyHZpdJmV04frKlzJHOlNJg==', 'tally-pii:v1:0c5e6b85-8f7e-404b-8f67-d8c376e52ba2:Doj8/N/2WnsO8qf4b9P62FLHOmXSTUeNxvGIekni3xGZZgqLqk15V/JBv9cdfA==', 'EUR', 'SHIPPED', '[{"sku": "COMPAT-1", "tax": {"amount": 250, "currency": "EUR"}, "name": "Compat widget", "total": {"amount": 1500, "currency": "EUR"}, "discount": {"amount": 0, "currency": "EUR"}, "quantity": 1, "subtotal": {"amount": 1250, "currency": "EUR"}, "unitPrice": {"amount": 1250, "currency": "EUR"}, "taxRateBasisPoints": 2000}]', 1250, 0, 250, 1500, NULL, 'pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a', NULL, '2026-12-02 19:04:09.291+00', '2026-12-02 19:04:17.186+00', 2);


--
-- Data for Name: payment_view; Type: TABLE DATA; Schema: tally_query; Owner: -
--

INSERT INTO tally_query.payment_view VALUES ('pay_ac0a6b61-e7be-45a2-b2f1-76a195c4ae54', 'ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9', 'AUTHORIZED', 'EUR', 1500, 0, 0, '2026-12-02 19:04:09.365+00', 0, NULL, false);
INSERT INTO tally_query.payment_view VALUES ('pay_3fefcc29-fade-4031-8917-9309863761ac', 'ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219', 'PENDING', 'EUR', 1500, 0, 0, '2026-12-02 19:04:09.378+00', 0, NULL, false);
INSERT INTO tally_query.payment_view VALUES ('pay_84d9ce70-17a3-4f58-9d52-bb8c59c6859a', 'ord_4384bd5f-2f47-445c-a0a5-72adf139bf36', 'CAPTURED', 'EUR', 1500, 1500, 0, '2026-12-02 19:04:17.223+00', 1, NULL, false);


--
-- Data for Name: service_instance; Type: TABLE DATA; Schema: tally_query; Owner: -
--

INSERT INTO tally_query.service_instance VALUES ('2949@vm', '2026-12-02 19:04:28.014071+00');


--
-- Data for Name: token_entry; Type: TABLE DATA; Schema: tally_query; Owner: -
--

INSERT INTO tally_query.token_entry VALUES ('inventory-es', 1, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.100Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('inventory-pg', 1, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.103Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('orders-es', 1, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.244Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('orders-pg', 0, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.253Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('inventory-pg', 0, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.341Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('payments-pg', 1, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.343Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('inventory-es', 0, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.379Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('orders-es', 0, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.392Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('payments-pg', 0, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.611Z', '2949@vm');
INSERT INTO tally_query.token_entry VALUES ('orders-pg', 1, '\x7b22696e646578223a37352c2267617073223a5b5d7d', 'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T19:04:28.639Z', '2949@vm');


--
-- Name: association_value_entry_id_seq; Type: SEQUENCE SET; Schema: tally_command; Owner: -
--

SELECT pg_catalog.setval('tally_command.association_value_entry_id_seq', 3, true);


--
-- Name: domain_event_entry_global_index_seq; Type: SEQUENCE SET; Schema: tally_events; Owner: -
--

SELECT pg_catalog.setval('tally_events.domain_event_entry_global_index_seq', 75, true);


--
-- Name: audit_read_id_seq; Type: SEQUENCE SET; Schema: tally_query; Owner: -
--

SELECT pg_catalog.setval('tally_query.audit_read_id_seq', 1, false);


--
-- Name: association_value_entry association_value_entry_pkey; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.association_value_entry
    ADD CONSTRAINT association_value_entry_pkey PRIMARY KEY (id);


--
-- Name: flyway_history flyway_history_pk; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.flyway_history
    ADD CONSTRAINT flyway_history_pk PRIMARY KEY (installed_rank);


--
-- Name: idempotency_key idempotency_key_pkey; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.idempotency_key
    ADD CONSTRAINT idempotency_key_pkey PRIMARY KEY (principal, key);


--
-- Name: payment_token_vault payment_token_vault_pkey; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.payment_token_vault
    ADD CONSTRAINT payment_token_vault_pkey PRIMARY KEY (payment_id);


--
-- Name: saga_entry saga_entry_pkey; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.saga_entry
    ADD CONSTRAINT saga_entry_pkey PRIMARY KEY (saga_id);


--
-- Name: scheduled_tasks scheduled_tasks_pkey; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.scheduled_tasks
    ADD CONSTRAINT scheduled_tasks_pkey PRIMARY KEY (task_name, task_instance);


--
-- Name: service_instance service_instance_pkey; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.service_instance
    ADD CONSTRAINT service_instance_pkey PRIMARY KEY (instance_id);


--
-- Name: token_entry token_entry_pkey; Type: CONSTRAINT; Schema: tally_command; Owner: -
--

ALTER TABLE ONLY tally_command.token_entry
    ADD CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment);


--
-- Name: domain_event_entry domain_event_entry_aggregate_identifier_sequence_number_key; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.domain_event_entry
    ADD CONSTRAINT domain_event_entry_aggregate_identifier_sequence_number_key UNIQUE (aggregate_identifier, sequence_number);


--
-- Name: domain_event_entry domain_event_entry_event_identifier_key; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.domain_event_entry
    ADD CONSTRAINT domain_event_entry_event_identifier_key UNIQUE (event_identifier);


--
-- Name: domain_event_entry domain_event_entry_pkey; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.domain_event_entry
    ADD CONSTRAINT domain_event_entry_pkey PRIMARY KEY (global_index);


--
-- Name: flyway_history flyway_history_pk; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.flyway_history
    ADD CONSTRAINT flyway_history_pk PRIMARY KEY (installed_rank);


--
-- Name: personal_data_erasure personal_data_erasure_pkey; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.personal_data_erasure
    ADD CONSTRAINT personal_data_erasure_pkey PRIMARY KEY (customer_id);


--
-- Name: personal_data_key personal_data_key_customer_id_key; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.personal_data_key
    ADD CONSTRAINT personal_data_key_customer_id_key UNIQUE (customer_id);


--
-- Name: personal_data_key personal_data_key_pkey; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.personal_data_key
    ADD CONSTRAINT personal_data_key_pkey PRIMARY KEY (key_id);


--
-- Name: seal seal_pkey; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.seal
    ADD CONSTRAINT seal_pkey PRIMARY KEY (seal_number);


--
-- Name: snapshot_event_entry snapshot_event_entry_event_identifier_key; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.snapshot_event_entry
    ADD CONSTRAINT snapshot_event_entry_event_identifier_key UNIQUE (event_identifier);


--
-- Name: snapshot_event_entry snapshot_event_entry_pkey; Type: CONSTRAINT; Schema: tally_events; Owner: -
--

ALTER TABLE ONLY tally_events.snapshot_event_entry
    ADD CONSTRAINT snapshot_event_entry_pkey PRIMARY KEY (aggregate_identifier, sequence_number);


--
-- Name: audit_read audit_read_pkey; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.audit_read
    ADD CONSTRAINT audit_read_pkey PRIMARY KEY (id);


--
-- Name: dead_letter_entry dead_letter_entry_pkey; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.dead_letter_entry
    ADD CONSTRAINT dead_letter_entry_pkey PRIMARY KEY (dead_letter_id);


--
-- Name: dead_letter_entry dead_letter_sequence_index; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.dead_letter_entry
    ADD CONSTRAINT dead_letter_sequence_index UNIQUE (processing_group, sequence_identifier, sequence_index);


--
-- Name: flyway_history flyway_history_pk; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.flyway_history
    ADD CONSTRAINT flyway_history_pk PRIMARY KEY (installed_rank);


--
-- Name: inventory_item inventory_item_pkey; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.inventory_item
    ADD CONSTRAINT inventory_item_pkey PRIMARY KEY (sku);


--
-- Name: order_view order_view_pkey; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.order_view
    ADD CONSTRAINT order_view_pkey PRIMARY KEY (order_id);


--
-- Name: payment_view payment_view_pkey; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.payment_view
    ADD CONSTRAINT payment_view_pkey PRIMARY KEY (payment_id);


--
-- Name: service_instance service_instance_pkey; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.service_instance
    ADD CONSTRAINT service_instance_pkey PRIMARY KEY (instance_id);


--
-- Name: token_entry token_entry_pkey; Type: CONSTRAINT; Schema: tally_query; Owner: -
--

ALTER TABLE ONLY tally_query.token_entry
    ADD CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment);


--
-- Name: association_value_entry_lookup_idx; Type: INDEX; Schema: tally_command; Owner: -
--

CREATE INDEX association_value_entry_lookup_idx ON tally_command.association_value_entry USING btree (saga_type, association_key, association_value);


--
-- Name: association_value_entry_saga_idx; Type: INDEX; Schema: tally_command; Owner: -
--

CREATE INDEX association_value_entry_saga_idx ON tally_command.association_value_entry USING btree (saga_id, saga_type);


--
-- Name: flyway_history_s_idx; Type: INDEX; Schema: tally_command; Owner: -
--

CREATE INDEX flyway_history_s_idx ON tally_command.flyway_history USING btree (success);


--
-- Name: idempotency_key_created_at_idx; Type: INDEX; Schema: tally_command; Owner: -
--

CREATE INDEX idempotency_key_created_at_idx ON tally_command.idempotency_key USING btree (created_at);


--
-- Name: scheduled_tasks_execution_time_idx; Type: INDEX; Schema: tally_command; Owner: -
--

CREATE INDEX scheduled_tasks_execution_time_idx ON tally_command.scheduled_tasks USING btree (execution_time);


--
-- Name: scheduled_tasks_last_heartbeat_idx; Type: INDEX; Schema: tally_command; Owner: -
--

CREATE INDEX scheduled_tasks_last_heartbeat_idx ON tally_command.scheduled_tasks USING btree (last_heartbeat);


--
-- Name: scheduled_tasks_priority_execution_time_idx; Type: INDEX; Schema: tally_command; Owner: -
--

CREATE INDEX scheduled_tasks_priority_execution_time_idx ON tally_command.scheduled_tasks USING btree (priority DESC, execution_time);


--
-- Name: domain_event_entry_type_idx; Type: INDEX; Schema: tally_events; Owner: -
--

CREATE INDEX domain_event_entry_type_idx ON tally_events.domain_event_entry USING btree (type, aggregate_identifier);


--
-- Name: flyway_history_s_idx; Type: INDEX; Schema: tally_events; Owner: -
--

CREATE INDEX flyway_history_s_idx ON tally_events.flyway_history USING btree (success);


--
-- Name: dead_letter_group_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX dead_letter_group_idx ON tally_query.dead_letter_entry USING btree (processing_group);


--
-- Name: dead_letter_sequence_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX dead_letter_sequence_idx ON tally_query.dead_letter_entry USING btree (processing_group, sequence_identifier);


--
-- Name: flyway_history_s_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX flyway_history_s_idx ON tally_query.flyway_history USING btree (success);


--
-- Name: inventory_item_available_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX inventory_item_available_idx ON tally_query.inventory_item USING btree (available, sku);


--
-- Name: order_view_customer_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX order_view_customer_idx ON tally_query.order_view USING btree (customer_id, placed_at);


--
-- Name: order_view_payment_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX order_view_payment_idx ON tally_query.order_view USING btree (payment_id);


--
-- Name: order_view_placed_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX order_view_placed_idx ON tally_query.order_view USING btree (placed_at DESC, order_id);


--
-- Name: order_view_status_idx; Type: INDEX; Schema: tally_query; Owner: -
--

CREATE INDEX order_view_status_idx ON tally_query.order_view USING btree (status, placed_at);


--
-- Name: domain_event_entry domain_event_entry_append_only; Type: TRIGGER; Schema: tally_events; Owner: -
--

CREATE TRIGGER domain_event_entry_append_only BEFORE DELETE OR UPDATE ON tally_events.domain_event_entry FOR EACH ROW EXECUTE FUNCTION tally_events.refuse_event_change();


--
-- Name: seal seal_append_only; Type: TRIGGER; Schema: tally_events; Owner: -
--

CREATE TRIGGER seal_append_only BEFORE DELETE OR UPDATE ON tally_events.seal FOR EACH ROW EXECUTE FUNCTION tally_events.refuse_event_change();


--
-- PostgreSQL database dump complete
--


